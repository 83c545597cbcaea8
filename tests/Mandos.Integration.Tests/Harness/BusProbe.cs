using System.Globalization;
using System.Text;
using Mandos.Testing.Waiting;
using Tmds.DBus.Protocol;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A test's own connection to a private bus: records every signal the Mandos server sends,
/// and calls methods, returning the reply or the error name as text, so that our server and
/// Debian's can be compared call for call.
/// </summary>
public sealed class BusProbe : IAsyncDisposable
{
    public const string Service = "se.recompile.Mandos";

    private readonly DBusConnection _connection;
    private readonly List<BusSignal> _signals = [];
    private TaskCompletionSource _nextSignal = NewSignalEvent();

    private BusProbe(DBusConnection connection) => _connection = connection;

    public static async Task<BusProbe> ConnectAsync(PrivateSystemBus bus)
    {
        var connection = new DBusConnection(bus.Address);
        await connection.ConnectAsync();
        var probe = new BusProbe(connection);
        await connection.AddMatchAsync(new MatchRule { Type = MessageType.Signal },
            (message, _) => new BusSignal(message.PathAsString ?? "", message.InterfaceAsString ?? "", message.MemberAsString ?? "", Render(message)),
            notification =>
            {
                if (notification.HasValue)
                {
                    TaskCompletionSource arrived;
                    lock (probe._signals)
                    {
                        probe._signals.Add(notification.Value);
                        arrived = probe._nextSignal;
                        probe._nextSignal = NewSignalEvent();
                    }
                    arrived.TrySetResult();
                }
            }, emitOnCapturedContext: false, ObserverFlags.None);
        return probe;
    }

    public IReadOnlyList<BusSignal> Signals
    {
        get
        {
            lock (_signals)
            {
                return [.. _signals];
            }
        }
    }

    public void ClearSignals()
    {
        lock (_signals)
        {
            _signals.Clear();
        }
    }

    /// <summary>Waits, signal by signal, until one matching <paramref name="match"/> arrived; fails with what did arrive.</summary>
    public async Task<BusSignal> WaitForSignalAsync(Func<BusSignal, bool> match, string what)
    {
        BusSignal? found = null;
        await Eventually.Until(() => (found = Signals.FirstOrDefault(match)) is not null, NextSignalAsync, what,
            () => "signals seen:\n" + string.Join("\n", Signals));
        return found!;
    }

    private Task NextSignalAsync(CancellationToken cancel)
    {
        lock (_signals)
        {
            return _nextSignal.Task.WaitAsync(cancel);
        }
    }

    private static TaskCompletionSource NewSignalEvent() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Calls a method; the reply rendered as text, or "error NAME: message".</summary>
    public async Task<string> CallAsync(string path, string @interface, string member, string? signature = null,
        BodyWriter? body = null, string destination = Service)
    {
        MessageBuffer message;
        MessageWriter writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination, path, @interface, member, signature, MessageFlags.None);
            body?.Invoke(ref writer);
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
        try
        {
            return await _connection.CallMethodAsync(message, (reply, _) => Render(reply), null);
        }
        catch (DBusErrorReplyException e)
        {
            return $"error {e.ErrorName}: {e.ErrorMessage}";
        }
    }

    public delegate void BodyWriter(ref MessageWriter writer);

    public Task<string> GetAsync(string path, string property, string @interface = "se.recompile.Mandos.Client") =>
        CallAsync(path, "org.freedesktop.DBus.Properties", "Get", "ss", (ref MessageWriter w) =>
        {
            w.WriteString(@interface);
            w.WriteString(property);
        });

    public Task<string> SetAsync(string path, string property, VariantValue value, string @interface = "se.recompile.Mandos.Client") =>
        CallAsync(path, "org.freedesktop.DBus.Properties", "Set", "ssv", (ref MessageWriter w) =>
        {
            w.WriteString(@interface);
            w.WriteString(property);
            w.WriteVariant(value);
        });

    public async Task<string> IntrospectAsync(string path) =>
        await CallAsync(path, "org.freedesktop.DBus.Introspectable", "Introspect");

    /// <summary>True once <paramref name="name"/> has an owner on the bus.</summary>
    public async Task<bool> HasOwnerAsync(string name) =>
        !(await CallAsync("/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s",
            (ref MessageWriter w) => w.WriteString(name), "org.freedesktop.DBus")).StartsWith("error ", StringComparison.Ordinal);

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The body as text: each argument separated by "; " (dictionaries sorted by key).</summary>
    public static string Render(Message message)
    {
        string signature = message.SignatureAsString ?? "";
        if (signature.Length == 0)
        {
            return "";
        }
        Reader reader = message.GetBodyReader();
        var parts = new List<string>();
        foreach (string type in SplitSignature(signature))
        {
            parts.Add(Render(ReadValue(ref reader, type)));
        }
        return string.Join("; ", parts);
    }

    private static VariantValue ReadValue(ref Reader reader, string type) => type switch
    {
        "b" => VariantValue.Bool(reader.ReadBool()),
        "n" => VariantValue.Int16(reader.ReadInt16()),
        "x" => VariantValue.Int64(reader.ReadInt64()),
        "t" => VariantValue.UInt64(reader.ReadUInt64()),
        "u" => VariantValue.UInt32(reader.ReadUInt32()),
        "s" => VariantValue.String(reader.ReadString()),
        "o" => VariantValue.ObjectPath(reader.ReadObjectPath()),
        "v" => reader.ReadVariantValue(),
        _ => ReadContainer(ref reader, type),
    };

    private static VariantValue ReadContainer(ref Reader reader, string type)
    {
        if (type.StartsWith("a{", StringComparison.Ordinal))
        {
            string[] kv = SplitSignature(type[2..^1]).ToArray();
            var entries = new List<KeyValuePair<VariantValue, VariantValue>>();
            ArrayEnd end = reader.ReadDictionaryStart();
            while (reader.HasNext(end))
            {
                VariantValue key = ReadValue(ref reader, kv[0]);
                entries.Add(KeyValuePair.Create(key, ReadValue(ref reader, kv[1])));
            }
            return VariantValue.String("{" + string.Join(", ", entries.Select(e => Render(e.Key) + "=" + Render(e.Value)).Order(StringComparer.Ordinal)) + "}");
        }
        if (type.StartsWith('a'))
        {
            string item = type[1..];
            var items = new List<string>();
            ArrayEnd end = reader.ReadArrayStart(item switch { "s" => DBusType.String, "o" => DBusType.ObjectPath, "y" => DBusType.Byte, _ => DBusType.Variant });
            while (reader.HasNext(end))
            {
                items.Add(Render(ReadValue(ref reader, item == "y" ? "y" : item)));
            }
            return VariantValue.String("[" + string.Join(", ", items) + "]");
        }
        throw new NotSupportedException("signature " + type);
    }

    private static string Render(VariantValue value) => value.Type switch
    {
        VariantValueType.Bool => value.GetBool() ? "true" : "false",
        VariantValueType.String => value.GetString(),
        VariantValueType.ObjectPath => value.GetObjectPathAsString(),
        VariantValueType.Int16 => value.GetInt16().ToString(CultureInfo.InvariantCulture),
        VariantValueType.Int64 => value.GetInt64().ToString(CultureInfo.InvariantCulture),
        VariantValueType.UInt64 => value.GetUInt64().ToString(CultureInfo.InvariantCulture),
        VariantValueType.UInt32 => value.GetUInt32().ToString(CultureInfo.InvariantCulture),
        VariantValueType.Int32 => value.GetInt32().ToString(CultureInfo.InvariantCulture),
        VariantValueType.Byte => value.GetByte().ToString(CultureInfo.InvariantCulture),
        VariantValueType.Variant => Render(value.GetVariantValue()),
        VariantValueType.Array => "[" + string.Join(", ", Enumerable.Range(0, value.Count).Select(i => Render(value.GetItem(i)))) + "]",
        VariantValueType.Dictionary => "{" + string.Join(", ", Enumerable.Range(0, value.Count)
            .Select(i => value.GetDictionaryEntry(i)).Select(e => Render(e.Key) + "=" + Render(e.Value)).Order(StringComparer.Ordinal)) + "}",
        _ => value.ToString(),
    };

    /// <summary>Splits a signature into its complete types: "sa{sv}as" → s, a{sv}, as.</summary>
    private static IEnumerable<string> SplitSignature(string signature)
    {
        int i = 0;
        while (i < signature.Length)
        {
            int start = i;
            i = SkipType(signature, i);
            yield return signature[start..i];
        }
    }

    private static int SkipType(string s, int i)
    {
        switch (s[i])
        {
            case 'a':
                return SkipType(s, i + 1);
            case '{' or '(':
                char close = s[i] == '{' ? '}' : ')';
                i++;
                while (s[i] != close)
                {
                    i = SkipType(s, i);
                }
                return i + 1;
            default:
                return i + 1;
        }
    }
}
