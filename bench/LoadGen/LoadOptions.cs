using System.Globalization;
using System.Net;

namespace Mandos.Bench.LoadGen;

/// <summary>Command line of the load generator. Every run is bounded in time.</summary>
public sealed record LoadOptions
{
    /// <summary>Hard cap on a run's measured part when only <c>--requests</c> is given.</summary>
    public const double MaxSeconds = 600;

    public required IPEndPoint Server { get; init; }
    public required string TlsPublicKey { get; init; }
    public required string TlsPrivateKey { get; init; }
    public int Concurrency { get; init; } = 1;
    /// <summary>Length of the measured part; with <see cref="Requests"/> only an upper bound.</summary>
    public double DurationSeconds { get; init; } = 10;
    /// <summary>Number of measured requests to complete, or null to run for the duration.</summary>
    public long? Requests { get; init; }
    public double WarmupSeconds { get; init; } = 2;
    /// <summary>If set, a request is OK only if exactly this many bytes came back (else any &gt; 0).</summary>
    public int? ExpectBytes { get; init; }
    public double TimeoutSeconds { get; init; } = 10;
    /// <summary>Free text put in front of the summary line (e.g. which server).</summary>
    public string Label { get; init; } = "";
    /// <summary>Print the summary as one line of key=value pairs instead of prose.</summary>
    public bool KeyValue { get; init; }
    /// <summary>If set, no network: time this many in-memory exchanges (<see cref="InMemoryProfile"/>).</summary>
    public int? Profile { get; init; }

    public const string Usage = """
        usage: mandos-loadgen --connect HOST:PORT --tls-pubkey FILE --tls-privkey FILE
                              [--concurrency N] [--duration SECONDS | --requests N]
                              [--warmup SECONDS] [--expect-bytes N] [--timeout SECONDS]
                              [--label TEXT] [--kv]
               mandos-loadgen --profile N --tls-pubkey FILE --tls-privkey FILE [--expect-bytes N]

        Plays Mandos clients against a Mandos server, without decrypting what it gets: each request
        connects, sends "1\r\n", does the TLS handshake as TLS server with the Ed25519 raw key, reads
        the secret to the server's close_notify, answers with close_notify and closes. N workers loop.
        Only the measured part (after the warm-up) is counted. --requests N stops after N measured
        requests (at most 600 s). Prints one summary line (--kv: key=value pairs).
        Only loopback addresses are accepted.
        --profile N: no network; times N in-memory exchanges between the two roles (each side's
        BouncyCastle share) and the Ed25519/X25519 operations, single-threaded.
        """;

    public static LoadOptions Parse(string[] args)
    {
        string? connect = null, pub = null, priv = null;
        var o = new LoadOptions { Server = new IPEndPoint(IPAddress.Loopback, 0), TlsPublicKey = "", TlsPrivateKey = "" };
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = arg, value = "";
            bool inline = false;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                value = arg[(eq + 1)..];
                inline = true;
            }
            string Value()
            {
                if (inline)
                {
                    return value;
                }
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value");
                }
                return args[++i];
            }
            switch (name)
            {
                case "--connect": connect = Value(); break;
                case "--tls-pubkey": pub = Value(); break;
                case "--tls-privkey": priv = Value(); break;
                case "--concurrency": o = o with { Concurrency = PositiveInt(name, Value()) }; break;
                case "--duration": o = o with { DurationSeconds = PositiveDouble(name, Value()) }; break;
                case "--requests": o = o with { Requests = PositiveInt(name, Value()) }; break;
                case "--warmup": o = o with { WarmupSeconds = NonNegativeDouble(name, Value()) }; break;
                case "--expect-bytes": o = o with { ExpectBytes = PositiveInt(name, Value()) }; break;
                case "--timeout": o = o with { TimeoutSeconds = PositiveDouble(name, Value()) }; break;
                case "--label": o = o with { Label = Value() }; break;
                case "--kv": o = o with { KeyValue = true }; break;
                case "--profile": o = o with { Profile = PositiveInt(name, Value()) }; break;
                default: throw new ArgumentException($"unknown option {arg}");
            }
        }
        if (pub is null || priv is null)
        {
            throw new ArgumentException("--tls-pubkey and --tls-privkey are required");
        }
        if (o.Profile is not null)
        {
            return o with { TlsPublicKey = pub, TlsPrivateKey = priv };
        }
        if (connect is null)
        {
            throw new ArgumentException("--connect is required");
        }
        if (o.Concurrency > 4096)
        {
            throw new ArgumentException("--concurrency: at most 4096");
        }
        if (o.Requests is not null && !args.Any(a => a.StartsWith("--duration", StringComparison.Ordinal)))
        {
            o = o with { DurationSeconds = MaxSeconds };
        }
        if (o.DurationSeconds > MaxSeconds || o.WarmupSeconds > MaxSeconds)
        {
            throw new ArgumentException($"--duration and --warmup: at most {MaxSeconds} s");
        }
        return o with { Server = ParseLoopback(connect), TlsPublicKey = pub, TlsPrivateKey = priv };
    }

    private static IPEndPoint ParseLoopback(string text)
    {
        if (!IPEndPoint.TryParse(text, out IPEndPoint? endPoint) || endPoint.Port == 0)
        {
            throw new ArgumentException($"--connect: expected ADDRESS:PORT, got \"{text}\"");
        }
        if (!IPAddress.IsLoopback(endPoint.Address))
        {
            throw new ArgumentException("--connect: only loopback addresses are allowed in benchmarks");
        }
        return endPoint;
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new ArgumentException($"{name}: expected a positive integer, got \"{text}\"");

    private static double PositiveDouble(string name, string text) =>
        NonNegativeDouble(name, text) is > 0 and var v ? v : throw new ArgumentException($"{name}: must be > 0");

    private static double NonNegativeDouble(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && double.IsFinite(v)
            ? v : throw new ArgumentException($"{name}: expected a number of seconds, got \"{text}\"");
}
