namespace Mandos.Server.Config;

/// <summary>
/// Server-wide settings from <c>mandos.conf</c>. A new instance holds the built-in defaults;
/// apply command-line options on top with <c>with</c>, e.g. <c>settings with { Port = 1234 }</c>.
/// </summary>
public sealed record ServerSettings
{
    /// <summary>GnuTLS priority for raw-public-key mode: TLS 1.3 only, no X.509, no RSA key exchange.</summary>
    public const string DefaultPriority =
        "SECURE128:!CTYPE-X.509:+CTYPE-RAWPK:!RSA:!VERS-ALL:+VERS-TLS1.3:%PROFILE_ULTRA";

    /// <summary>Network interface to bind to and announce on; empty for all.</summary>
    public string Interface { get; init; } = "";

    /// <summary>Listen address (IPv6 syntax); empty for any.</summary>
    public string Address { get; init; } = "";

    /// <summary>TCP port; null lets the system choose one.</summary>
    public int? Port { get; init; }

    /// <summary>Debug mode; it also implies <see cref="Foreground"/> (see <see cref="RunsInForeground"/>).</summary>
    public bool Debug { get; init; }

    /// <summary>TLS priority string, GnuTLS syntax, taken literally (a "%" is not an interpolation).</summary>
    public string Priority { get; init; } = DefaultPriority;

    /// <summary>Zeroconf service name; anything but "Mandos" also shows in the log prefix.</summary>
    public string ServiceName { get; init; } = "Mandos";

    public bool UseDbus { get; init; } = true;

    public bool UseIpv6 { get; init; } = true;

    /// <summary>Log level name (CRITICAL, ERROR, WARNING, INFO, DEBUG), any case; empty for the default.</summary>
    public string DebugLevel { get; init; } = "";

    /// <summary>Whether to restore client state saved by the previous run.</summary>
    public bool Restore { get; init; } = true;

    public string StateDirectory { get; init; } = "/var/lib/mandos";

    public bool Foreground { get; init; }

    /// <summary>
    /// An inherited listening socket's file descriptor, or null. Upstream moves a descriptor
    /// from this file that is 0, 1 or 2 above 2 and makes it non-inheritable; that is the
    /// server's job, since a <c>--socket</c> value is used as is.
    /// </summary>
    public int? Socket { get; init; }

    public bool Zeroconf { get; init; } = true;

    /// <summary>Largest accepted connection limit: well beyond any descriptor limit, but no overflow.</summary>
    public const int ConnectionsCeiling = 1 << 20;

    public static readonly TimeSpan ConnectionTimeoutCeiling = TimeSpan.FromDays(1);

    /// <summary>Connections open at once; past it the longest-waiting unidentified one is closed for a newcomer.</summary>
    public int MaxConnections { get; init; } = 4096;

    /// <summary>
    /// Connections open at once from one source: an IPv4 address or an IPv6 /64 prefix. A whole
    /// IPv6 subnet (link-local included) counts as one source, so this leaves room for many
    /// clients of one subnet waiting for approval at once.
    /// </summary>
    public int MaxConnectionsPerHost { get; init; } = 256;

    /// <summary>Limit for each phase of a connection: version line, handshake, sending, closing; not the approval wait.</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Debug mode implies foreground, whichever of the two came from the command line.</summary>
    public bool RunsInForeground => Foreground || Debug;
}
