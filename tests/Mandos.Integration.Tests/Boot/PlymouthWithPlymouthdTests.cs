using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>
/// Our plymouth plugin against Debian 12's real plymouthd, not a stand-in: installing plymouth
/// on the host would pull in systemd and udev and rebuild the host's initramfs, so it runs in the
/// throw-away chroot of Packaging/debian-chroot.sh (cached layer "plymouth"; private mount, PID
/// and network namespaces: the daemon, its abstract socket and /run/plymouth are the chroot's
/// alone, and the kernel ends every process of the run). plymouthd runs headless there on a
/// pseudo-terminal with its text splash; scenario-plymouth.sh types into that terminal and does
/// the checking, printing "ok: ..." per step.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(ConsoleCollection.Name)]
public sealed class PlymouthWithPlymouthdTests : IDisposable
{
    // A cold cache (debootstrap, then plymouth and its dependencies) takes about two minutes of that.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);
    private readonly TempDir _out = new("mandos-plymouth-");

    public void Dispose() => _out.Dispose();

    [Fact]
    public async Task PluginAnswersThroughPlymouthdAndRestartsItWhenTerminated()
    {
        File.Copy(RepoPaths.Program("mandos-client"), Path.Combine(_out.Path, "mandos-client"));
        string here = Path.Combine(RepoPaths.Root, "tests", "Mandos.Integration.Tests");
        ProcessRunner.Result run = await ProcessRunner.RunAsync("bash",
            [Path.Combine(here, "Packaging", "debian-chroot.sh"), "plymouth", "-", Path.Combine(here, "Boot", "scenario-plymouth.sh")],
            Limit, new Dictionary<string, string> { ["MANDOS_CHROOT_OUT"] = _out.Path });
        Assert.False(run.TimedOut, $"the plymouth scenario did not finish within {Limit}:\n{run.StdoutText}\n{run.Stderr}");
        Assert.True(run.ExitCode == 0, $"the plymouth scenario failed ({run.ExitCode}):\n{run.StdoutText}\n{run.Stderr}");
        string output = run.StdoutText;
        Assert.Contains("ok: plymouthd --mode=boot --attach-to-session --pid-file=/run/plymouth/pid", output);
        Assert.Contains("ok: the plugin printed exactly the password typed into plymouthd's terminal, nothing more", output);
        Assert.Contains("ok: SIGTERM: the question was withdrawn, plymouthd quit and was started again with the same arguments", output);
        Assert.Contains("ok: the restarted plymouthd asked on the same terminal, and the plugin printed the answer", output);
    }
}
