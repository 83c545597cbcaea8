using System.Security.Cryptography;
using System.Text;
using Mandos.Core.OpenPgp;
using Mandos.Server.Config;

namespace Mandos.Server.State.Upstream;

/// <summary>
/// Upstream's saved state, a pair <c>(clients, client_settings)</c>, as our
/// <see cref="StateLoadResult"/>, so that <see cref="StateMerger"/> applies the restore rules to
/// it exactly as to our own file:
/// <list type="bullet">
/// <item><c>clients[name]</c>, the client's attributes at exit, gives its current settings and
/// timestamps; <c>client_settings[name]</c>, its <c>clients.conf</c> section as read at the old
/// server's start, gives <see cref="ClientState.Applied"/>. A setting missing from either is
/// taken as unchanged (upstream's rule: a setting missing from the old section keeps the saved value).</item>
/// <item>A name in <c>client_settings</c> but not in <c>clients</c> was removed at run time:
/// it becomes a <see cref="RemovedClient"/> marker.</item>
/// <item><c>encrypted_secret</c> is <c>gpg --symmetric</c> output whose passphrase is
/// <c>mandos</c> followed by the configured secret in lower-case hex (for a secret so long that
/// this exceeds 2048 bytes: the raw secret with <c>\</c>, newline and NUL escaped). It is decrypted
/// with the secret now in <c>clients.conf</c>, as upstream does; a run-time secret that differs
/// is sealed our way (<see cref="SecretSealer"/>), and one that does not decrypt gives way to the
/// configured secret, with a warning.</item>
/// </list>
/// Only clients that still have a section are converted: the merge would drop the others anyway.
/// </summary>
internal static class UpstreamState
{
    private const int MaxHexPassphrase = 2048;

    public static UpstreamTakeover ToOurs(object? root, IReadOnlyList<ClientSection> config, DateTime now, string path)
    {
        if (root is not PickleTuple { Items: [PickleDict clients, PickleDict settings] })
        {
            throw new PickleFormatException("does not hold upstream's pair of clients and client settings");
        }

        var states = new List<ClientState>();
        var removed = new List<RemovedClient>();
        var warnings = new List<string>();
        foreach (ClientSection section in config)
        {
            PickleDict? old = Entry(settings, section.Name, "client settings");
            ClientSettings applied = Settings(section.Name, old, section.Settings);
            if (Entry(clients, section.Name, "clients") is { } saved)
            {
                states.Add(Client(section, saved, applied, now, path, warnings));
            }
            else if (old is not null)
            {
                removed.Add(new RemovedClient(section.Name, applied));
            }
        }
        return new UpstreamTakeover(new StateLoadResult(states, removed), warnings);
    }

    private static PickleDict? Entry(PickleDict dict, string name, string what) =>
        dict.Items.TryGetValue(name, out object? value)
            ? value as PickleDict ?? throw new PickleFormatException($"has {what} for \"{name}\" that are not a dict")
            : null;

    private static ClientState Client(
        ClientSection section, PickleDict saved, ClientSettings applied, DateTime now, string path, List<string> warnings)
    {
        var values = new Values(section.Name, saved);
        return new ClientState
        {
            Name = section.Name,
            Applied = applied,
            Settings = Settings(section.Name, saved, applied),
            Created = values.Time("created") ?? now,
            LastEnabled = values.Time("last_enabled"),
            Expires = values.Time("expires"),
            LastCheckedOk = values.Time("last_checked_ok"),
            LastCheckerStatus = values.Int("last_checker_status") ?? -2,
            LastCheckerSignal = values.Int("last_checker_signal"),
            LastApprovalRequest = values.Time("last_approval_request"),
            EncryptedSecret = values.Bytes("encrypted_secret") is { } encrypted
                ? CarrySecret(section, encrypted, path, warnings)
                : null,
        };
    }

    private static ClientSettings Settings(string name, PickleDict? dict, ClientSettings unchanged)
    {
        if (dict is null)
        {
            return unchanged;
        }
        var values = new Values(name, dict);
        return new ClientSettings
        {
            KeyId = values.Text("key_id") ?? unchanged.KeyId,
            Fingerprint = values.Text("fingerprint") ?? unchanged.Fingerprint,
            Host = values.Text("host") ?? unchanged.Host,
            Timeout = values.Span("timeout") ?? unchanged.Timeout,
            ExtendedTimeout = values.Span("extended_timeout") ?? unchanged.ExtendedTimeout,
            Interval = values.Span("interval") ?? unchanged.Interval,
            ApprovalDelay = values.Span("approval_delay") ?? unchanged.ApprovalDelay,
            ApprovalDuration = values.Span("approval_duration") ?? unchanged.ApprovalDuration,
            ApprovedByDefault = values.Bool("approved_by_default") ?? unchanged.ApprovedByDefault,
            Enabled = values.Bool("enabled") ?? unchanged.Enabled,
            Checker = values.Text("checker_command") ?? unchanged.Checker,
        };
    }

    private static byte[]? CarrySecret(ClientSection section, byte[] encrypted, string path, List<string> warnings)
    {
        byte[] passphrase = Passphrase(section.Secret);
        byte[]? secret = null;
        try
        {
            secret = PassphraseDecryptor.Decrypt(encrypted, passphrase);
            return SecretSealer.SealIfChanged(section.Name, secret, section.Secret);
        }
        catch (SecretDecryptionException e)
        {
            // Also what a secret changed in clients.conf since gives: then the configured one wins, as upstream.
            warnings.Add($"The secret client {section.Name} had in {path} could not be decrypted with its secret in clients.conf ({e.Message}); it gets the one in clients.conf");
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }

    /// <summary>
    /// Upstream's passphrase for a configured secret (see the type's summary). Written straight
    /// into the returned array, which the caller clears: no other copy (no hex string) is left behind.
    /// </summary>
    internal static byte[] Passphrase(byte[] secret)
    {
        ReadOnlySpan<byte> prefix = "mandos"u8;
        if (prefix.Length + (2 * secret.Length) <= MaxHexPassphrase)
        {
            byte[] passphrase = new byte[prefix.Length + (2 * secret.Length)];
            prefix.CopyTo(passphrase);
            _ = Convert.TryToHexStringLower(secret, passphrase.AsSpan(prefix.Length), out _);
            return passphrase;
        }
        int length = prefix.Length;
        foreach (byte b in secret)
        {
            length += Math.Max(Escaped(b).Length, 1);
        }
        byte[] result = new byte[length];
        prefix.CopyTo(result);
        int at = prefix.Length;
        foreach (byte b in secret)
        {
            ReadOnlySpan<byte> escape = Escaped(b);
            if (escape.IsEmpty)
            {
                result[at++] = b;
            }
            else
            {
                escape.CopyTo(result.AsSpan(at));
                at += escape.Length;
            }
        }
        return result;
    }

    // How upstream's raw passphrase form escapes one octet; empty: the octet as it is.
    private static ReadOnlySpan<byte> Escaped(byte b) => b switch
    {
        (byte)'\\' => "\\\\"u8,
        (byte)'\n' => "\\n"u8,
        0 => "\\x00"u8,
        _ => [],
    };

    /// <summary>Typed access to one client's attributes: absent or None is null, a wrong type is a format error.</summary>
    private readonly struct Values(string client, PickleDict dict)
    {
        public string? Text(string key) => Get(key) switch
        {
            null => null,
            string text => text,
            byte[] bytes => Utf8(key, bytes),
            _ => throw Wrong(key, "a string"),
        };

        // A negative duration is never upstream's (clients.conf and D-Bus cannot give one) and
        // would stop the timers at start.
        public TimeSpan? Span(string key) => Get(key) switch
        {
            null => null,
            TimeSpan span when span >= TimeSpan.Zero => span,
            _ => throw Wrong(key, "a timedelta that is not negative"),
        };

        public DateTime? Time(string key) => Get(key) switch
        {
            null => null,
            DateTime time => time,
            _ => throw Wrong(key, "a datetime"),
        };

        public bool? Bool(string key) => Get(key) switch
        {
            null => null,
            bool flag => flag,
            _ => throw Wrong(key, "a boolean"),
        };

        public int? Int(string key) => Get(key) switch
        {
            null => null,
            long number when number is >= int.MinValue and <= int.MaxValue => (int)number,
            _ => throw Wrong(key, "an integer"),
        };

        public byte[]? Bytes(string key) => Get(key) switch
        {
            null => null,
            byte[] bytes => bytes,
            _ => throw Wrong(key, "bytes"),
        };

        private object? Get(string key) => dict.Items.GetValueOrDefault(key);

        private string Utf8(string key, byte[] bytes)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Wrong(key, "UTF-8 text");
            }
        }

        private PickleFormatException Wrong(string key, string type) =>
            new($"gives client \"{client}\" a {key} that is not {type}");
    }
}
