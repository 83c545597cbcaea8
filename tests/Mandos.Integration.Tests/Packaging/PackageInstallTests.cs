using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Packaging;

/// <summary>
/// The packages of `make deb`, installed with apt into a throw-away Debian 12 chroot
/// (debian-chroot.sh: cached debootstrap layers, an overlay per run, private mount, PID and
/// network namespaces). The scenario scripts beside this file do the checking inside the chroot
/// and print "FAIL: ..." with what they found; each step they pass prints "ok: ...".
/// </summary>
public sealed class PackageInstallTests(BuiltPackages packages) : IClassFixture<BuiltPackages>
{
    // A cold cache (debootstrap, then Debian's packages) takes about two minutes of that.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private static string Here => Path.Combine(RepoPaths.Root, "tests", "Mandos.Integration.Tests", "Packaging");

    [Fact]
    public async Task FreshInstallServesTheClientAndRemovesCleanly()
    {
        string output = await RunScenarioAsync("base", "scenario-fresh.sh");
        Assert.Contains("ok: _mandos system user and group", output);
        Assert.Contains("ok: files, links, modes, conffiles, manual pages, keys made by postinst", output);
        Assert.Contains("ok: installed server served the installed client its password", output);
        Assert.Contains("ok: dpkg --remove: programs gone, configuration and keys kept", output);
        Assert.Contains("ok: dpkg --purge: configuration, keys and state gone", output);
    }

    [Fact]
    public async Task UpgradeFromDebiansPackagesKeepsKeysAndClients()
    {
        string output = await RunScenarioAsync("debian", "scenario-replace.sh");
        Assert.Contains("ok: Debian's packages installed, a client registered with Debian's mandos-keygen", output);
        Assert.Contains("ok: Debian's mandos and mandos-client upgraded to ours", output);
        Assert.Contains("ok: keys and clients.conf kept", output);
        Assert.Contains("ok: installed server served the installed client its password", output);
    }

    private async Task<string> RunScenarioAsync(string layer, string scenario)
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync("bash",
            [Path.Combine(Here, "debian-chroot.sh"), layer, packages.Directory, Path.Combine(Here, "common.sh"), Path.Combine(Here, scenario)],
            Limit);
        Assert.False(run.TimedOut, $"{scenario} did not finish within {Limit}:\n{run.StdoutText}\n{run.Stderr}");
        Assert.True(run.ExitCode == 0, $"{scenario} failed ({run.ExitCode}):\n{run.StdoutText}\n{run.Stderr}");
        return run.StdoutText;
    }
}
