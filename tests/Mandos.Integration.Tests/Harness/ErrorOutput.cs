using System.Text.RegularExpressions;

namespace Mandos.Integration.Tests.Harness;

/// <summary>What a user must never see from our programs: a .NET resource key (NativeAOT strips the messages) or a stack trace.</summary>
public static partial class ErrorOutput
{
    /// <summary>A resource key (<c>IO_FileNotFound_FileName</c>, <c>Arg_…</c>) or a stack frame, or the runtime's own crash report.</summary>
    public static Regex ResourceKeyOrStack { get; } = Pattern();

    [GeneratedRegex(@"_[A-Z][a-z]+_|\bArg_|\bIO_|at Mandos\.|   at |Unhandled exception|System\.[A-Za-z]+Exception")]
    private static partial Regex Pattern();
}
