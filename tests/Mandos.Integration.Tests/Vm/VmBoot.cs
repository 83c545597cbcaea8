using System.Diagnostics;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>One boot of the test VM (tools/e2e-vm/run.sh): its console, whether it unlocked, how long it took.</summary>
public sealed record VmBoot(bool Unlocked, string Console, string RunOutput, TimeSpan Elapsed)
{
    /// <summary>The guest's address and route for the slirp network; the host's server is 10.0.2.100:7000 for it.</summary>
    public const string SlirpIp = "ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off";

    /// <summary>Boots over slirp: the guest's 10.0.2.100:7000 is <paramref name="hostPort"/> on the host's 127.0.0.1.</summary>
    public static Task<VmBoot> SlirpAsync(VmImage image, int hostPort, string append, TimeSpan limit) =>
        SlirpAsync(image.Work, hostPort, append, limit);

    /// <summary>Boots run.sh's work directory <paramref name="work"/> over slirp, with <paramref name="memoryMiB"/> of RAM.</summary>
    public static Task<VmBoot> SlirpAsync(string work, int hostPort, string append, TimeSpan limit, int memoryMiB = 256) =>
        RunAsync(work, append, limit, new() { ["NET"] = "slirp", ["PORT"] = hostPort.ToString(), ["MEM"] = memoryMiB.ToString() });

    /// <summary>Boots with a tap device <paramref name="tap"/> that exists in namespace <paramref name="netns"/>.</summary>
    public static Task<VmBoot> TapAsync(VmImage image, string netns, string tap, string append, TimeSpan limit) =>
        RunAsync(image.Work, append, limit, new() { ["NET"] = "tap", ["NETNS"] = netns, ["TAP"] = tap });

    private static async Task<VmBoot> RunAsync(string work, string append, TimeSpan limit, Dictionary<string, string> environment)
    {
        string log = Path.Combine(work, $"serial-{Guid.NewGuid():N}.log");
        environment["E2E_WORK"] = work;
        environment["APPEND"] = append;
        environment["TIMEOUT"] = ((int)limit.TotalSeconds).ToString();
        environment["SERIAL_LOG"] = log;
        var clock = Stopwatch.StartNew();
        // run.sh stops QEMU itself at TIMEOUT; the extra minute only guards against a hung script.
        var run = await ProcessRunner.RunAsync("bash", [VmImage.Script("run.sh")], limit + TimeSpan.FromMinutes(1), environment);
        clock.Stop();
        string console = File.Exists(log) ? (await File.ReadAllTextAsync(log)).Replace("\r", "") : "";
        File.Delete(log);
        if (run.ExitCode == 2)
        {
            throw new InvalidOperationException("tools/e2e-vm/run.sh: image not built\n" + run.StdoutText + run.Stderr);
        }
        return new VmBoot(run.ExitCode == 0, console, run.StdoutText + run.Stderr, clock.Elapsed);
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
