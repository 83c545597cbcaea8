namespace Mandos.Ctl.Cli;

/// <summary>--help or --version was reached while reading the command line: print this and exit 0 (as argparse does at once).</summary>
internal sealed class CommandLineExit(string text) : Exception("command line asks to print and exit")
{
    public string Text { get; } = text;
}
