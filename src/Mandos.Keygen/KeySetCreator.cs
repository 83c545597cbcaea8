using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Core.Posix;

namespace Mandos.Keygen;

/// <summary>Key generation mode: a new OpenPGP key and TLS key in the key directory.</summary>
internal static class KeySetCreator
{
    public static void Run(KeygenOptions options, KeyDirectory directory, string name, TextWriter output)
    {
        OpenPgpKeyParameters parameters = Parameters(options, name);
        CheckTlsKeyType(options.TlsKeyType);
        var writer = new KeySetWriter(directory);
        writer.CheckOverwrite(options.Force);

        bool interactive = TerminalEcho.IsTerminal(0);
        if (interactive)
        {
            output.WriteLine("Note: generating two RSA keys may take a while, from seconds to minutes.");
            output.WriteLine($"Started: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");
        }
        OpenPgpKeySet openPgp = OpenPgpKeyGenerator.Generate(parameters);
        writer.Write(openPgp, TlsKeyPair.Generate());
        if (interactive)
        {
            output.WriteLine($"Finished: {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");
        }
    }

    // Upstream's checks, in upstream's order, then what this implementation cannot do.
    private static OpenPgpKeyParameters Parameters(KeygenOptions options, string name)
    {
        if (options.KeyType.Length == 0)
        {
            throw new KeygenException("Empty key type");
        }
        if (name.Length == 0)
        {
            throw new KeygenException("Empty key name");
        }
        int primaryBits = KeyLength.Parse(options.KeyLength, "key");
        if (options.Expire.Length == 0)
        {
            throw new KeygenException("Empty key expiration");
        }
        CheckRsa(options.KeyType, "key");
        CheckRsa(options.SubkeyType, "subkey");
        if (!KeyExpiry.TryParse(options.Expire, DateTime.UtcNow, out TimeSpan? lifetime))
        {
            throw new KeygenException($"Invalid key expiration: '{options.Expire}'");
        }
        return new OpenPgpKeyParameters(name)
        {
            Comment = options.Comment,
            Email = options.Email,
            PrimaryKeyBits = primaryBits,
            SubkeyBits = KeyLength.Parse(options.SubkeyLength, "subkey"),
            Lifetime = lifetime,
        };
    }

    // gpg also takes DSA, ELG and the elliptic curve types; this implementation makes RSA keys only.
    private static void CheckRsa(string type, string what)
    {
        if (!type.Equals("RSA", StringComparison.OrdinalIgnoreCase) && type != "1")
        {
            throw new KeygenException(
                $"Unsupported OpenPGP {what} type '{type}': only RSA is supported by this implementation");
        }
    }

    private static void CheckTlsKeyType(string type)
    {
        if (!type.Equals("ed25519", StringComparison.OrdinalIgnoreCase))
        {
            throw new KeygenException(
                $"Unsupported TLS key type '{type}': only ed25519 is supported by this implementation");
        }
    }
}
