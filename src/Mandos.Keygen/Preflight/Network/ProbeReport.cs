namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// One line the probe writes for the root side: a server it asked (<see cref="Server"/>), how
/// (<see cref="Outcome"/>), and one sentence of detail; or, with no server, why it found none.
/// Never holds the secret: that follows the report lines on its own (see <see cref="ProbeSide"/>).
/// </summary>
internal sealed record ProbeReport(string? Server, ProbeOutcome? Outcome, string Detail)
{
    private const char Separator = '\t';

    /// <summary>The longest detail believed: a sentence, not a page.</summary>
    private const int MaxDetail = 300;

    /// <summary>"no-server TAB detail", or "server TAB outcome TAB detail"; tabs and line breaks in the detail become '?'.</summary>
    public string Format() => Server is null || Outcome is null
        ? $"no-server{Separator}{Clean(Detail)}"
        : $"server{Separator}{Clean(Server)}{Separator}{Outcome}{Separator}{Clean(Detail)}";

    /// <summary>Reads a line <see cref="Format"/> wrote; null for anything else.</summary>
    public static ProbeReport? Parse(string line)
    {
        string[] fields = line.Split(Separator);
        if (fields is ["no-server", string why])
        {
            return new ProbeReport(null, null, Clean(why));
        }
        if (fields is ["server", string server, string outcome, string detail] && Enum.TryParse(outcome, out ProbeOutcome parsed)
            && Enum.IsDefined(parsed))
        {
            return new ProbeReport(Clean(server), parsed, Clean(detail));
        }
        return null;
    }

    // Details may quote what a server sent (a TLS alert's name): no control characters, and bounded.
    private static string Clean(string text) => Bounded(PrintableText.Of(text));

    private static string Bounded(string text) => text.Length <= MaxDetail ? text : text[..MaxDetail];
}
