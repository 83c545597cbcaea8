namespace Mandos.Server.Config;

/// <summary>One client as configured in a <c>clients.conf</c> section: its name, settings and secret.</summary>
public sealed record ClientSection
{
    /// <summary>The section name; free text, case-sensitive.</summary>
    public required string Name { get; init; }

    public required ClientSettings Settings { get; init; }

    /// <summary>The bytes sent to the client: decoded <c>secret</c>, or the raw content of <c>secfile</c>.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>
    /// Every option visible in the section (built-in defaults, the file's [DEFAULT], the
    /// section's own), interpolated, in that order. <c>secret</c> is left out so that it
    /// appears nowhere but in <see cref="Secret"/>.
    /// </summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }
}
