using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Server.Checkers;
using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// One client on D-Bus, /clients/NAME (docs/compatibility.md, "D-Bus API"): its methods and properties, and the
/// signals its changes send. A property's change is sent only when its D-Bus form changed.
/// </summary>
public sealed class ClientBusObject
{
    private static readonly string[] InterfaceNames =
    [
        MandosBusNames.ClientInterface, MandosBusNames.LegacyClientInterface, MandosBusNames.Properties, MandosBusNames.Introspectable,
    ];

    private static readonly string IntrospectionXml = BusIntrospection.Client();

    private readonly BusSignals _signals;
    private readonly Lock _lock = new();
    private Dictionary<string, BusValue> _sent = [];

    public ClientBusObject(ClientRecord client, string path, BusSignals signals)
    {
        Client = client;
        Path = path;
        _signals = signals;
    }

    public ClientRecord Client { get; }

    public string Path { get; }

    /// <summary>What InterfacesRemoved names for a client.</summary>
    public static IReadOnlyList<string> Interfaces => InterfaceNames;

    /// <summary>Starts sending this client's signals.</summary>
    public void Attach()
    {
        Client.BusObjectPath = Path;
        lock (_lock)
        {
            _sent = Current();
        }
        Client.StateChanged += OnStateChanged;
        Client.CheckerStarted += OnCheckerStarted;
        Client.CheckerCompleted += OnCheckerCompleted;
        Client.NeedApproval += OnNeedApproval;
        Client.Rejected += OnRejected;
    }

    public void Detach()
    {
        Client.StateChanged -= OnStateChanged;
        Client.CheckerStarted -= OnCheckerStarted;
        Client.CheckerCompleted -= OnCheckerCompleted;
        Client.NeedApproval -= OnNeedApproval;
        Client.Rejected -= OnRejected;
    }

    /// <summary>Every readable property, as GetAll returns them (Secret is write-only).</summary>
    public List<KeyValuePair<string, BusValue>> ReadableProperties() =>
        [.. ClientBusProperties.All.Where(p => p.Readable).Select(p => KeyValuePair.Create(p.Name, p.Read!(Client)))];

    public void SendGotSecret() => EmitBoth("GotSecret");

    public void WriteProperties(ref MessageWriter writer)
    {
        ArrayStart dict = writer.WriteDictionaryStart();
        foreach ((string name, BusValue value) in ReadableProperties())
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            value.WriteVariant(ref writer);
        }
        writer.WriteDictionaryEnd(dict);
    }

    /// <summary>a{sa{sv}}: every interface of the object with its properties (ObjectManager).</summary>
    public void WriteInterfaces(ref MessageWriter writer)
    {
        ArrayStart interfaces = writer.WriteDictionaryStart();
        foreach (string name in InterfaceNames)
        {
            writer.WriteDictionaryEntryStart();
            writer.WriteString(name);
            if (name is MandosBusNames.ClientInterface or MandosBusNames.LegacyClientInterface)
            {
                WriteProperties(ref writer);
            }
            else
            {
                writer.WriteDictionaryEnd(writer.WriteDictionaryStart());
            }
        }
        writer.WriteDictionaryEnd(interfaces);
    }

    public void Handle(MethodContext context)
    {
        Message request = context.Request;
        string member = request.MemberAsString ?? "";
        switch (request.InterfaceAsString)
        {
            case MandosBusNames.ClientInterface or MandosBusNames.LegacyClientInterface or null:
                HandleClientMethod(context, member);
                break;
            case MandosBusNames.Properties:
                HandlePropertiesMethod(context, member);
                break;
            case MandosBusNames.Introspectable when member == "Introspect":
                BusReplies.String(context, IntrospectionXml);
                break;
            default:
                context.ReplyUnknownMethodError();
                break;
        }
    }

    private void HandleClientMethod(MethodContext context, string member)
    {
        string signature = context.Request.SignatureAsString ?? "";
        switch (member)
        {
            case "Approve" when signature == "b":
                Client.Approve(context.Request.GetBodyReader().ReadBool());
                break;
            case "CheckedOK" when signature == "":
                Client.CheckedOk();
                break;
            case "Enable" when signature == "":
                Client.Enable();
                break;
            case "Disable" when signature == "":
                Client.Disable();
                break;
            case "StartChecker" when signature == "":
                Client.StartChecker();
                break;
            case "StopChecker" when signature == "":
                Client.StopChecker();
                break;
            default:
                context.ReplyUnknownMethodError();
                return;
        }
        BusReplies.Empty(context);
    }

    private void HandlePropertiesMethod(MethodContext context, string member)
    {
        Reader reader = context.Request.GetBodyReader();
        string signature = context.Request.SignatureAsString ?? "";
        switch (member)
        {
            case "Get" when signature == "ss":
                {
                    string @interface = reader.ReadString();
                    string name = reader.ReadString();
                    ClientBusProperty? property = Lookup(context, @interface, name);
                    if (property is null)
                    {
                        return;
                    }
                    if (!property.Readable)
                    {
                        context.ReplyError(BusErrors.PropertyAccess, name);
                        return;
                    }
                    BusValue value = property.Read!(Client);
                    MessageWriter writer = context.CreateReplyWriter("v");
                    value.WriteVariant(ref writer);
                    context.Reply(writer.CreateMessage());
                    writer.Dispose();
                    return;
                }
            case "GetAll" when signature == "s":
                {
                    string @interface = reader.ReadString();
                    MessageWriter writer = context.CreateReplyWriter("a{sv}");
                    if (@interface is "" or MandosBusNames.ClientInterface or MandosBusNames.LegacyClientInterface)
                    {
                        WriteProperties(ref writer);
                    }
                    else
                    {
                        writer.WriteDictionaryEnd(writer.WriteDictionaryStart());
                    }
                    context.Reply(writer.CreateMessage());
                    writer.Dispose();
                    return;
                }
            case "Set" when signature == "ssv":
                {
                    string @interface = reader.ReadString();
                    string name = reader.ReadString();
                    VariantValue value = reader.ReadVariantValue();
                    ClientBusProperty? property = Lookup(context, @interface, name);
                    if (property is null)
                    {
                        return;
                    }
                    if (!property.Writable)
                    {
                        context.ReplyError(BusErrors.PropertyAccess, name);
                        return;
                    }
                    try
                    {
                        property.Write!(Client, value);
                    }
                    catch (BusArgumentException e)
                    {
                        context.ReplyError(BusErrors.InvalidArgs, $"{name}: {ErrorText.Of(e)}");
                        return;
                    }
                    if (property.Emits == ChangeSignal.Invalidates)
                    {
                        SendInvalidated(name);
                    }
                    BusReplies.Empty(context);
                    return;
                }
            default:
                context.ReplyUnknownMethodError();
                return;
        }
    }

    private ClientBusProperty? Lookup(MethodContext context, string @interface, string name)
    {
        ClientBusProperty? property = @interface is "" or MandosBusNames.ClientInterface or MandosBusNames.LegacyClientInterface
            ? ClientBusProperties.Find(name)
            : null;
        if (property is null)
        {
            context.ReplyError(BusErrors.PropertyNotFound, $"{Path}:{@interface}.{name}");
        }
        return property;
    }

    private Dictionary<string, BusValue> Current()
    {
        var values = new Dictionary<string, BusValue>(StringComparer.Ordinal);
        foreach (ClientBusProperty p in ClientBusProperties.All)
        {
            if (p.Readable && p.Emits == ChangeSignal.Value)
            {
                values[p.Name] = p.Read!(Client);
            }
        }
        return values;
    }

    private void OnStateChanged(ClientRecord client)
    {
        lock (_lock)
        {
            Dictionary<string, BusValue> now = Current();
            foreach ((string name, BusValue value) in now)
            {
                if (!_sent.TryGetValue(name, out BusValue old) || !old.Equals(value))
                {
                    SendChanged(name, value);
                }
            }
            _sent = now;
        }
    }

    private void SendChanged(string name, BusValue value)
    {
        _signals.Emit(Path, MandosBusNames.Properties, "PropertiesChanged", "sa{sv}as", (ref MessageWriter w) =>
        {
            w.WriteString(MandosBusNames.ClientInterface);
            ArrayStart dict = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString(name);
            value.WriteVariant(ref w);
            w.WriteDictionaryEnd(dict);
            w.WriteArray(Array.Empty<string>());
        });
        EmitBoth("PropertyChanged", "sv", (ref MessageWriter w) =>
        {
            w.WriteString(name);
            value.WriteVariant(ref w);
        });
    }

    private void SendInvalidated(string name) =>
        _signals.Emit(Path, MandosBusNames.Properties, "PropertiesChanged", "sa{sv}as", (ref MessageWriter w) =>
        {
            w.WriteString(MandosBusNames.ClientInterface);
            w.WriteDictionaryEnd(w.WriteDictionaryStart());
            w.WriteArray(new[] { name });
        });

    private void OnCheckerStarted(ClientRecord client, string command) =>
        EmitBoth("CheckerStarted", "s", (ref MessageWriter w) => w.WriteString(command));

    /// <summary>
    /// (exit code, wait status, command). A signalled checker reports -1 and the real wait status
    /// (the signal number), where upstream sends a negative non-status such as -241.
    /// </summary>
    private void OnCheckerCompleted(ClientRecord client, CheckerResult result, string command)
    {
        long waitStatus = result.Signal is int signal ? signal : (long)result.ExitCode << 8;
        EmitBoth("CheckerCompleted", "nxs", (ref MessageWriter w) =>
        {
            w.WriteInt16((short)result.ExitCode);
            w.WriteInt64(waitStatus);
            w.WriteString(command);
        });
    }

    private void OnNeedApproval(ClientRecord client, TimeSpan delay, bool approvedByDefault) =>
        EmitBoth("NeedApproval", "tb", (ref MessageWriter w) =>
        {
            w.WriteUInt64((ulong)(delay.Ticks / TimeSpan.TicksPerMillisecond));
            w.WriteBool(approvedByDefault);
        });

    private void OnRejected(ClientRecord client, string reason) =>
        EmitBoth("Rejected", "s", (ref MessageWriter w) => w.WriteString(reason));

    private void EmitBoth(string member, string? signature = null, BusSignals.BodyWriter? body = null) =>
        _signals.EmitTwice(Path, MandosBusNames.ClientInterface, MandosBusNames.LegacyClientInterface, member, signature, body);
}
