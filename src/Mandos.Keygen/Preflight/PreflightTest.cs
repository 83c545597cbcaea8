using Mandos.Keygen.Preflight.Devices;
using Mandos.Keygen.Preflight.Initramfs;
using Mandos.Keygen.Preflight.Keys;
using Mandos.Keygen.Preflight.Network;
using Mandos.Keygen.Preflight.Report;
using Mandos.Keygen.Preflight.Servers;

namespace Mandos.Keygen.Preflight;

/// <summary>
/// <c>mandos-keygen --test</c>: checks, in the order the next boot needs them, the key set, the
/// initramfs the boot will use, the server the boot would find, the secret it would get, and the
/// LUKS devices that passphrase must open; writes one line per check (or <c>--json</c>) and
/// exits 0 only when a reboot would unlock. The passphrase is never printed or written, and is
/// cleared as soon as the devices are tried.
/// </summary>
internal static class PreflightTest
{
    private const string KernelCommandLine = "/proc/cmdline";
    private const string HostRunnerConfig = "/etc/mandos/plugin-runner.conf";

    public static int Run(KeygenOptions options, string keyDirectory, TextWriter output)
    {
        var checks = new List<CheckResult>();
        keyDirectory = Path.GetFullPath(keyDirectory);
        (List<CheckResult> keyResults, ClientKeyFiles? keys) = KeySetCheck.Run(keyDirectory);
        BootFacts boot;
        ProbeResult probe;
        // The private keys are cleared once the probe has its copy.
        using (keys)
        {
            checks.AddRange(keyResults);
            boot = InitramfsStep(options, keyDirectory, keys, checks);
            BootServerSearch search = BootServerPlanner.Plan(options.Connect, ReadOptional(KernelCommandLine), boot.RunnerConfig, boot.RunnerConfigOrigin,
                boot.Device);
            probe = ServerStep(options, keyDirectory, keys, search, checks);
        }
        using (probe)
        {
            DeviceStep(options, boot, probe.Secret, checks);
        }
        var report = new PreflightReport(checks);
        if (options.Json)
        {
            output.Write(JsonReport.Format(report));
        }
        else
        {
            TextReport.Write(report, output, TextReport.StandardOutputIsJournal());
        }
        return report.WouldUnlock ? 0 : 1;
    }

    private static ProbeResult ServerStep(KeygenOptions options, string keyDirectory, ClientKeyFiles? keys, BootServerSearch search, List<CheckResult> checks)
    {
        if (search.Problem is not null)
        {
            checks.Add(CheckResult.Failed("server", search.Problem, $"fix {search.Source}"));
            checks.Add(ServerCheck.NotAsked("the boot would not ask a server"));
            return new ProbeResult([], null);
        }
        if (keys is null)
        {
            checks.Add(CheckResult.Failed("server", $"not asked: without a whole key set in {keyDirectory} no server can know this client", "fix the keys first"));
            checks.Add(ServerCheck.NotAsked("no key set"));
            return new ProbeResult([], null);
        }
        // The request holds the key set's own buffers, which the key set clears: not disposed here.
        var request = new ProbeRequest(keyDirectory, keys.Files[ClientKeyFiles.TlsPublicKey], keys.Files[ClientKeyFiles.TlsPrivateKey],
            keys.Files[ClientKeyFiles.SecretKey], search.Connect, search.Interfaces, options.Timeout);
        ProbeResult probe = ProbeRunner.RunAsync(request).GetAwaiter().GetResult();
        checks.AddRange(ServerCheck.Describe(search, probe, keys.KeyId, keyDirectory));
        return probe;
    }

    private static BootFacts InitramfsStep(KeygenOptions options, string keyDirectory, ClientKeyFiles? keys, List<CheckResult> checks)
    {
        // Read only when the initramfs does not say.
        static BootFacts Host() => new(ReadOptional(HostRunnerConfig), HostRunnerConfig, null, null);
        if (options.Initramfs is "")
        {
            checks.Add(CheckResult.Warning(InitramfsCheck.Name,
                "not checked (--initramfs= given): whether the next boot's initramfs holds the client, its boot scripts and these keys is unknown",
                "run the test without --initramfs= (or with --initramfs IMAGE) to check it"));
            return Host();
        }
        string? image = options.Initramfs;
        if (image is null)
        {
            if (DefaultInitramfs.KernelRelease() is not string release)
            {
                checks.Add(CheckResult.Failed(InitramfsCheck.Name, "the running kernel's release is unknown (/proc/sys/kernel/osrelease), so its initramfs is too",
                    "name the image with --initramfs IMAGE"));
                return Host();
            }
            image = DefaultInitramfs.For(release);
            if (DefaultInitramfs.NewestInstalledRelease() is string newest && newest != release)
            {
                checks.Add(CheckResult.Warning(InitramfsCheck.Name,
                    $"kernel {newest} is installed and newer than the running {release}: the next boot probably starts it, and this test checks {release}'s initramfs",
                    $"check the newer kernel's too: mandos-keygen --test --initramfs {DefaultInitramfs.For(newest)}"));
            }
        }
        InitramfsCheckOutcome outcome = InitramfsCheck.Run(image, keyDirectory, keys?.Files ?? new Dictionary<string, byte[]>());
        checks.AddRange(outcome.Results);
        return outcome.BootConfig is not { Generator: not InitramfsGenerator.Unknown } config
            ? Host()
            : new BootFacts(config.PluginRunnerConf, $"the plugin-runner.conf in {config.ImagePath}", config.Device, config.Crypttab);
    }

    private static void DeviceStep(KeygenOptions options, BootFacts boot, byte[]? secret, List<CheckResult> checks)
    {
        if (secret is null)
        {
            checks.Add(CheckResult.Failed(DeviceCheck.Name, "not tested: no server gave this client its passphrase", "fix the server and secret checks first"));
            return;
        }
        BootDeviceSelection devices = options.Devices.Count > 0 ? BootDevices.Named(options.Devices) : BootDevices.Read(boot.Crypttab);
        checks.AddRange(DeviceCheck.Run(devices, secret));
    }

    private static string? ReadOptional(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>What the boot will use, from the initramfs when it could be read, else from this host.</summary>
    private sealed record BootFacts(string? RunnerConfig, string RunnerConfigOrigin, string? Device, string? Crypttab);
}
