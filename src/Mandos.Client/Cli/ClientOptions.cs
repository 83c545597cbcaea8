namespace Mandos.Client.Cli;

/// <summary>What mandos-client was asked to do, with upstream's defaults.</summary>
public sealed record ClientOptions
{
    public const string DefaultKeyDir = "/conf/conf.d/mandos";

    public string? Connect { get; init; }
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    public string PubKey { get; init; } = DefaultKeyDir + "/pubkey.txt";
    public string SecKey { get; init; } = DefaultKeyDir + "/seckey.txt";
    public string TlsPubKey { get; init; } = DefaultKeyDir + "/tls-pubkey.pem";
    public string TlsPrivKey { get; init; } = DefaultKeyDir + "/tls-privkey.pem";
    public string? Priority { get; init; }
    public int DhBits { get; init; }
    public string? DhParams { get; init; }
    public double Delay { get; init; } = 2.5;
    public double Retry { get; init; } = 10;

    /// <summary>Seconds one attempt at one server may take in all; 0 for no limit.</summary>
    public double Timeout { get; init; } = 300;

    /// <summary><see cref="Timeout"/> as the fetcher takes it.</summary>
    public TimeSpan AttemptLimit => Timeout == 0 ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Timeout);
    public string NetworkHookDir { get; init; } = "/lib/mandos/network-hooks.d";
    public bool Debug { get; init; }
}
