using System.Diagnostics;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>One boot of the test VM (tools/e2e-vm/run.sh): its console, whether it unlocked, how long it took.</summary>
public sealed record VmBoot(bool Unlocked, string Console, string RunOutput, TimeSpan Elapsed)
{
    /// <summary>The guest's address and route for the slirp network; the host's server is 10.0.2.100:7000 for it.</summary>
    public const string SlirpIp = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off";

    /// <summary>
    /// How long run.sh lets QEMU run (its TIMEOUT): a hang bound, not a window the boot must fit
    /// in. A boot that unlocks, or fails, powers the guest off on its own (8-90 s of TCG time
    /// here, several times that on a loaded host); a boot that must not unlock is stopped by its
    /// test once the console and the server show the refusal (<see cref="BootingVm"/>).
    /// </summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromMinutes(10);

    /// <summary>Boots over slirp until the guest powers off: its 10.0.2.100:7000 is <paramref name="hostPort"/> on the host's 127.0.0.1.</summary>
    public static Task<VmBoot> SlirpAsync(VmImage image, int hostPort, string append) =>
        SlirpAsync(image.Work, hostPort, append);

    /// <summary>Boots run.sh's work directory <paramref name="work"/> over slirp, with <paramref name="memoryMiB"/> of RAM.</summary>
    public static Task<VmBoot> SlirpAsync(string work, int hostPort, string append, int memoryMiB = 256) =>
        RunAsync(work, append, Slirp(hostPort, memoryMiB));

    /// <summary>Boots with a tap device <paramref name="tap"/> that exists in namespace <paramref name="netns"/>.</summary>
    public static Task<VmBoot> TapAsync(VmImage image, string netns, string tap, string append) =>
        RunAsync(image.Work, append, new() { ["NET"] = "tap", ["NETNS"] = netns, ["TAP"] = tap });

    /// <summary>Starts a boot over slirp and leaves it running, for a test to watch and stop.</summary>
    public static BootingVm StartSlirp(VmImage image, int hostPort, string append) =>
        BootingVm.Start(image.Work, append, Slirp(hostPort, memoryMiB: 256));

    private static Dictionary<string, string> Slirp(int hostPort, int memoryMiB) =>
        new() { ["NET"] = "slirp", ["PORT"] = hostPort.ToString(), ["MEM"] = memoryMiB.ToString() };

    /// <summary>run.sh's environment for a boot of <paramref name="work"/> with its console in <paramref name="serialLog"/>.</summary>
    internal static Dictionary<string, string> RunEnvironment(string work, string append, string serialLog, Dictionary<string, string> network)
    {
        network["E2E_WORK"] = work;
        network["APPEND"] = append;
        network["TIMEOUT"] = ((int)HangBound.TotalSeconds).ToString();
        network["SERIAL_LOG"] = serialLog;
        return network;
    }

    /// <summary>A new serial log's path for a boot of <paramref name="work"/>.</summary>
    internal static string NewSerialLog(string work) => Path.Combine(work, $"serial-{Guid.NewGuid():N}.log");

    private static async Task<VmBoot> RunAsync(string work, string append, Dictionary<string, string> network)
    {
        string log = NewSerialLog(work);
        var clock = Stopwatch.StartNew();
        // run.sh stops QEMU itself at the hang bound; the extra minute only guards against a hung script.
        var run = await ProcessRunner.RunAsync("bash", [VmImage.Script("run.sh")], HangBound + TimeSpan.FromMinutes(1),
            RunEnvironment(work, append, log, network));
        clock.Stop();
        return await EndedAsync(run.ExitCode, log, run.StdoutText + run.Stderr, clock.Elapsed);
    }

    /// <summary>The boot that run.sh ended with <paramref name="exitCode"/>; its serial log is read and removed.</summary>
    internal static async Task<VmBoot> EndedAsync(int exitCode, string serialLog, string runOutput, TimeSpan elapsed)
    {
        string console = File.Exists(serialLog) ? (await File.ReadAllTextAsync(serialLog)).Replace("\r", "") : "";
        File.Delete(serialLog);
        if (exitCode == 2)
        {
            throw new InvalidOperationException("tools/e2e-vm/run.sh: image not built\n" + runOutput);
        }
        return new VmBoot(exitCode == 0, console, runOutput, elapsed);
    }

    /// <summary>
    /// The process names on the "E2E-PROCESSES:" line the root file system's init prints
    /// (tools/e2e-vm/disk.sh ROOTFS=bootable): what the initramfs left running at the switch;
    /// null when there is no such line (the root's init never ran). A prompt left on the console
    /// without a newline may precede it on its line.
    /// </summary>
    public IReadOnlyList<string>? ProcessesLeftRunning =>
        Console.Split('\n').FirstOrDefault(l => l.Contains(ProcessesTag, StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(ProcessesTag, StringComparison.Ordinal) + ProcessesTag.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : null;

    private const string ProcessesTag = "E2E-PROCESSES:";

    public override string ToString() => $"boot of {Elapsed.TotalSeconds:F1} s, unlocked: {Unlocked}\n--- run.sh\n{RunOutput}\n--- console\n{Console}";
}
