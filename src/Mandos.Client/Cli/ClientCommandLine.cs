using Mandos.Core.CommandLine;

namespace Mandos.Client.Cli;

/// <summary>mandos-client's options, spelled as upstream's argp parser accepts them.</summary>
public static class ClientCommandLine
{
    public const string Version = "mandos-client 1.8.18";

    private static readonly OptionSpec[] Specs =
    [
        new("connect", 'c', TakesValue: true),
        new("interface", 'i', TakesValue: true),
        new("pubkey", 'p', TakesValue: true),
        new("seckey", 's', TakesValue: true),
        new("tls-pubkey", 'T', TakesValue: true),
        new("tls-privkey", 't', TakesValue: true),
        new("priority", TakesValue: true),
        new("dh-bits", TakesValue: true),
        new("dh-params", TakesValue: true),
        new("delay", TakesValue: true),
        new("retry", TakesValue: true),
        new("timeout", TakesValue: true),
        new("network-hook-dir", TakesValue: true),
        new("debug"),
        new("help", '?'),
        new("usage"),
        new("version", 'V'),
    ];

    // Waits are made of stretches (Mandos.Core.Timing), so --retry and --delay may be as long as
    // a TimeSpan holds: whole seconds up to about 29,000 years.
    private static readonly long MaxWait = (long)TimeSpan.MaxValue.TotalSeconds;

    /// <summary>Parses the command line; returns null with <paramref name="exitText"/> set for --help/--version.</summary>
    public static ClientOptions? Parse(IReadOnlyList<string> args, out string? exitText)
    {
        ParsedOptions o = OptionParser.Parse(args, Specs);
        exitText = null;
        if (o.Has("help") || o.Has("usage"))
        {
            exitText = HelpText;
            return null;
        }
        if (o.Has("version"))
        {
            exitText = Version;
            return null;
        }
        if (o.Positionals.Any(p => p.Length > 0))
        {
            throw new UsageException($"unexpected argument '{o.Positionals.First(p => p.Length > 0)}'");
        }
        var defaults = new ClientOptions();
        double retry = Seconds(o, "retry", defaults.Retry, MaxWait);
        // One attempt's time limit is a cancellation timer, which the runtime bounds (24.8 days).
        double timeout = Seconds(o, "timeout", defaults.Timeout, int.MaxValue / 1000);
        double delay = Seconds(o, "delay", defaults.Delay, MaxWait);
        return new ClientOptions
        {
            Connect = o.Get("connect"),
            Interfaces = o.GetAll("interface").SelectMany(v => v.Split(',')).Where(v => v.Length > 0).ToList(),
            PubKey = o.Get("pubkey") ?? defaults.PubKey,
            SecKey = o.Get("seckey") ?? defaults.SecKey,
            TlsPubKey = o.Get("tls-pubkey") ?? defaults.TlsPubKey,
            TlsPrivKey = o.Get("tls-privkey") ?? defaults.TlsPrivKey,
            Priority = o.Get("priority"),
            DhBits = o.GetInt("dh-bits") ?? 0,
            DhParams = o.Get("dh-params"),
            // Upstream's --delay also sets --retry (a missing break); we keep them apart.
            Delay = delay,
            Retry = retry,
            Timeout = timeout,
            NetworkHookDir = o.Get("network-hook-dir") ?? defaults.NetworkHookDir,
            Debug = o.Has("debug"),
        };
    }

    // A number of seconds in [0, max]; NaN and infinities are refused like any other out-of-range value.
    private static double Seconds(ParsedOptions o, string name, double fallback, long max)
    {
        double value = o.GetDouble(name) ?? fallback;
        return value >= 0 && value <= max
            ? value
            : throw new UsageException($"--{name} must be between 0 and {max} seconds");
    }

    public const string HelpText = """
        Usage: mandos-client [OPTION...]
          -c, --connect=ADDRESS:PORT   Connect directly to a specified Mandos server
          -i, --interface=INTERFACE[,INTERFACE...]
                                       Network interface(s) that will be used to search for
                                       Mandos servers; "none" brings up no interface
          -p, --pubkey=FILE            OpenPGP public key file base name
          -s, --seckey=FILE            OpenPGP secret key file base name
          -T, --tls-pubkey=FILE        TLS public key file name
          -t, --tls-privkey=FILE       TLS private key file name
              --priority=STRING        GnuTLS priority string (accepted; TLS 1.3 with raw
                                       public keys is always used)
              --dh-bits=BITS           Bit length of the prime number used in the
                                       Diffie-Hellman key exchange (TLS 1.2 only; accepted)
              --dh-params=FILE         PEM-encoded PKCS#3 Diffie-Hellman parameters
                                       (TLS 1.2 only; accepted)
              --delay=SECONDS          Maximum delay to wait for interface startup
              --retry=SECONDS          Retry interval used when denied by the Mandos server
              --timeout=SECONDS        Time limit for one attempt at one server: connecting,
                                       handshake and reading (default 300; 0 for none);
                                       must exceed the server's approval_delay
              --network-hook-dir=DIR   Directory where network hooks are located
              --debug                  Debug mode (never prints the password)
          -?, --help                   Give this help list
              --usage                  Give a short usage message
          -V, --version                Print program version
        """;
}
