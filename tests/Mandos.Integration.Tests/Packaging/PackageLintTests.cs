using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Packaging;

/// <summary>
/// The packages of `make deb` are lintian-clean: no error and no warning beyond what their own
/// overrides (debian/*.lintian-overrides, shipped in /usr/share/lintian/overrides/) explain, and
/// no override left that nothing needs any more.
/// </summary>
[Lane(Lane.Packaging)]
[Collection(BuiltPackagesCollection.Name)]
public sealed class PackageLintTests(BuiltPackages packages)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task LintianFindsNoErrorOrWarningAndNoUnusedOverride()
    {
        string[] debs = System.IO.Directory.GetFiles(packages.Directory, "*.deb").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["mandos", "mandos-client"], debs.Select(d => Path.GetFileName(d).Split('_')[0]).Order(StringComparer.Ordinal));

        // --fail-on: exit status 0 only without an (unoverridden) error or warning; --display-info
        // shows "unused-override", an info tag that --fail-on info would fail on along with every
        // other info tag.
        ProcessRunner.Result lintian = await ProcessRunner.RunAsync("lintian",
            ["--fail-on", "error,warning", "--display-info", .. debs], Limit);
        string report = $"lintian {string.Join(' ', debs.Select(Path.GetFileName))} ({lintian.ExitCode}):\n{lintian.StdoutText}\n{lintian.Stderr}";
        Assert.False(lintian.TimedOut, $"lintian did not finish within {Limit}: {report}");
        Assert.True(lintian.ExitCode == 0, $"lintian reports errors or warnings: {report}");
        List<string> unused = lintian.StdoutText.Split('\n').Where(l => l.Contains(" unused-override ", StringComparison.Ordinal)).ToList();
        Assert.True(unused.Count == 0, $"debian/*.lintian-overrides override tags lintian no longer reports: remove them:\n{string.Join("\n", unused)}");
    }
}
