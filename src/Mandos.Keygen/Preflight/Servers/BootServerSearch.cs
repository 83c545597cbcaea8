namespace Mandos.Keygen.Preflight.Servers;

/// <summary>
/// How the next boot's client would find its server: <see cref="Connect"/> (ADDRESS:PORT) when
/// one is fixed, else mDNS on <see cref="Interfaces"/> (empty: every suitable interface), and
/// where that came from (<see cref="Source"/>, for the report). <see cref="Problem"/> is set when
/// the boot would not ask any server at all (mandos=off, the client disabled, a bad configuration).
/// </summary>
internal sealed record BootServerSearch(string? Connect, IReadOnlyList<string> Interfaces, string Source, string? Problem = null)
{
    /// <summary>The search, for the report: "192.0.2.1:7000 (from --connect)" or "mDNS on eth0 (from …)".</summary>
    public string Describe() => Connect is not null
        ? $"{Connect} (from {Source})"
        : $"mDNS on {(Interfaces.Count == 0 ? "every suitable interface" : string.Join(", ", Interfaces))} (from {Source})";
}
