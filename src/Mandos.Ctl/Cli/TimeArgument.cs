using System.Numerics;
using Mandos.Core.CommandLine;
using Mandos.Core.Config;

namespace Mandos.Ctl.Cli;

/// <summary>
/// A TIME argument (--timeout, --interval, ...): an RFC 3339 duration, or else, with a warning,
/// the pre-1.6.1 interval syntax; sent to the server as whole milliseconds.
/// </summary>
internal static class TimeArgument
{
    /// <summary>The duration in milliseconds. <paramref name="warn"/> receives the fallback warning.</summary>
    /// <exception cref="UsageException">The duration does not fit in the D-Bus type (uint64 ms).</exception>
    public static ulong ParseMilliseconds(string text, CtlOption option, Action<string> warn)
    {
        BigInteger milliseconds;
        // Python's "$" also matches before a final newline: upstream takes "PT5M\n" as RFC 3339.
        if (DurationParser.TryParseRfc3339(text.EndsWith('\n') ? text[..^1] : text, out TimeSpan duration))
        {
            // TimeSpan ticks are 100 ns; round half to even, as Python's round() does.
            milliseconds = new BigInteger(Math.Round(duration.Ticks / (decimal)TimeSpan.TicksPerMillisecond, MidpointRounding.ToEven));
        }
        else
        {
            warn($"Invalid RFC 3339 duration: \"{text}\" - Parsing as pre-1.6.1 interval instead");
            milliseconds = LegacyInterval.ParseMilliseconds(text);
        }
        if (milliseconds > ulong.MaxValue)
        {
            throw new UsageException($"argument {option.DisplayName}: invalid TIME value: {Output.PythonRepr.Of(text)} (too long)");
        }
        return (ulong)milliseconds;
    }
}
