namespace Mandos.Ctl.Cli;

/// <summary>
/// One option of mandos-ctl as argparse declares it: its strings, the metavar of its value (none
/// for a flag) and the mutually exclusive group it belongs to, if any (-e|-d, -A|-D, ...).
/// </summary>
internal sealed record CtlOption(string Long, char Short = '\0', string? Metavar = null, string? ExclusiveGroup = null)
{
    public bool TakesValue => Metavar is not null;

    /// <summary>How argparse names the option in its errors: "-t/--timeout", or "--debug".</summary>
    public string DisplayName => Short == '\0' ? "--" + Long : $"-{Short}/--{Long}";
}
