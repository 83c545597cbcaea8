using System.Text.RegularExpressions;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.Errors;

/// <summary>
/// Every program's entry point runs inside <see cref="Mandos.Core.Errors.TopLevelGuard"/>, so no
/// exception reaches the runtime's own handler (which prints a resource key and a stack trace).
/// </summary>
[Lane(Lane.Unit)]
public sealed partial class EveryProgramIsGuardedTests
{
    [Fact]
    public void EveryProgramCsGoesThroughTheGuard()
    {
        string[] programs = Directory.GetFiles(Path.Combine(Repository.Root, "src"), "Program.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(programs);
        Assert.All(programs, p => Assert.True(Guarded().IsMatch(File.ReadAllText(p)), $"{p} does not run through TopLevelGuard"));
    }

    [Fact]
    public void EveryProjectWithAnEntryPointHasAProgramCs()
    {
        // A Main outside Program.cs would escape the scan above.
        string[] mains = Directory.GetFiles(Path.Combine(Repository.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && MainMethod().IsMatch(File.ReadAllText(p)))
            .ToArray();
        Assert.All(mains, p => Assert.EndsWith("/Program.cs", p, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"TopLevelGuard\.Run(Async)?\(")]
    private static partial Regex Guarded();

    [GeneratedRegex(@"static\s+(async\s+)?\S+\s+Main\s*\(")]
    private static partial Regex MainMethod();
}
