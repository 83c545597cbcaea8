namespace Mandos.Server.Checkers;

/// <summary>
/// A checker command that Python's <c>%</c> operator would refuse. The message names the format
/// and where it is in the command, never an attribute value.
/// </summary>
public sealed class CheckerFormatException : FormatException
{
    public CheckerFormatException(string message, int index)
        : base(message)
    {
        Index = index;
    }

    /// <summary>Where in the command the bad format starts (0-based, as Python counts).</summary>
    public int Index { get; }
}
