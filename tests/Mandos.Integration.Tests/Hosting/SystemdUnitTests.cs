using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>
/// boot/systemd/mandos.service, as shipped, under a real systemd that tools/systemd-unit-check.sh
/// boots as PID 1 of private namespaces (the machine's own PID 1 need not be systemd): READY=1
/// makes the Type=notify unit active; the server runs as _mandos with no capabilities under the
/// unit's seccomp filters; our client gets its password; the checker runs as _mandos; a kill -9
/// is followed by a restart; <c>systemctl stop</c> ends in Result=success. Needs root, systemd
/// and Debian's mandos (for _mandos): the test fails, not skips, without them.
/// </summary>
[Lane(Lane.Namespace)]
public sealed class SystemdUnitTests
{
    private const string Systemd = "/lib/systemd/systemd";

    // The script bounds every step itself and cleans up after a failure (a run takes 5-30 s);
    // this limit is the last resort for a hung script.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task ShippedUnitNotifiesRunsConfinedServesRestartsAndStops()
    {
        if (!File.Exists(Systemd))
        {
            Assert.Fail($"{Systemd} is missing: install Debian's systemd package (`bash tools/install-deps.sh test`, which make check runs)");
        }
        string script = Path.Combine(RepoPaths.Tools, "systemd-unit-check.sh");
        string unit = Path.Combine(RepoPaths.Root, "boot", "systemd", "mandos.service");

        ProcessRunner.Result run = await ProcessRunner.RunAsync("bash",
            [script, unit, RepoPaths.Program("mandos"), RepoPaths.Program("mandos-keygen"), RepoPaths.Program("mandos-client")],
            Limit);

        Assert.True(run.ExitCode == 0 && !run.TimedOut,
            $"tools/systemd-unit-check.sh {(run.TimedOut ? $"did not finish within {Limit}" : $"exited with status {run.ExitCode}")}:\n"
            + run.StdoutText + run.Stderr);
    }
}
