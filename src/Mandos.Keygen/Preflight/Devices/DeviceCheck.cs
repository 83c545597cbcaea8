using System.ComponentModel;
using Mandos.Core.Errors;
using Mandos.Core.Posix;

namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// The <c>device</c> check of <c>mandos-keygen --test</c>: does the passphrase the server would
/// send open every LUKS device the next boot unlocks through Mandos? One line per device (and per
/// crypttab line that could not be read); the passphrase is the caller's buffer, passed on to
/// cryptsetup without a copy, and never appears in a line. cryptsetup is only started on a block
/// device or a regular file (an image): on a FIFO it would wait forever. Names from a crypttab or
/// the file system (targets, sources, paths) appear with their control characters as '?'
/// (<see cref="PrintableText"/>): root reads these lines on a terminal or in the journal.
/// </summary>
public static class DeviceCheck
{
    public const string Name = "device";

    private const string ReplaceSecretFix =
        "run mandos-keygen --password on this host with the disk's current passphrase and replace the client's section in the server's clients.conf, or add it as a key with cryptsetup luksAddKey";

    /// <summary>Tests the installed cryptsetup's answers for the devices under the real /.</summary>
    public static IReadOnlyList<CheckResult> Run(BootDeviceSelection selection, ReadOnlySpan<byte> passphrase) =>
        Run(selection, passphrase, Cryptsetup.Locate(), "/");

    /// <param name="selection">the devices, from <see cref="BootDevices"/></param>
    /// <param name="passphrase">the decrypted secret; read, never copied or kept</param>
    /// <param name="cryptsetup">null: not installed, which fails the check</param>
    /// <param name="root">where device paths are found (/ but in tests)</param>
    public static IReadOnlyList<CheckResult> Run(BootDeviceSelection selection, ReadOnlySpan<byte> passphrase, Cryptsetup? cryptsetup, string root)
    {
        var results = new List<CheckResult>();
        foreach (string problem in selection.Problems)
        {
            results.Add(CheckResult.Warning(Name, problem, selection.Origin == BootDevices.InitramfsCrypttab
                ? $"correct that line in {Crypttab.EtcPath} and run update-initramfs -u"
                : $"correct that line of {selection.Origin}"));
        }
        if (selection.Devices.Count == 0)
        {
            results.Add(CheckResult.Failed(Name,
                $"no LUKS device boots through Mandos here: {selection.Origin} has no entry with Mandos' keyscript, the initramfs option or under the root file system",
                "name the device with mandos-keygen --test --device PATH"));
            return results;
        }
        if (cryptsetup is null)
        {
            results.Add(CheckResult.Failed(Name,
                $"cryptsetup is not installed (neither {string.Join(" nor ", Cryptsetup.Paths)} exists), so no passphrase can be tested",
                "install cryptsetup-bin"));
            return results;
        }
        foreach (BootDevice device in selection.Devices)
        {
            results.Add(Test(device, passphrase, cryptsetup, root, selection.Origin));
        }
        return results;
    }

    private static CheckResult Test(BootDevice device, ReadOnlySpan<byte> passphrase, Cryptsetup cryptsetup, string root, string origin)
    {
        string? path = DeviceSource.Resolve(device.Source, root);
        string source = PrintableText.Of(device.Source);
        string? target = device.Target is null ? null : PrintableText.Of(device.Target);
        if (path is null)
        {
            return target is null
                ? CheckResult.Failed(Name, $"{source} is not present", "name an existing device with --device PATH")
                : CheckResult.Failed(Name, $"the device {source} of crypttab target {target} is not present",
                    $"connect that disk, or correct the source of {target} in {origin}");
        }
        string named = device.Describe(path);
        // as cryptsetup will open it: through symbolic links
        if (FileStatus.Of(path) is not ({ IsBlockDevice: true } or { IsRegularFile: true }))
        {
            return CheckResult.Failed(Name, $"{named} is not a block device or disk image",
                target is null ? "name the LUKS device with --device PATH" : $"correct the source of {target} in {origin}");
        }
        try
        {
            int luks = cryptsetup.IsLuks(path, device.Options);
            if (luks != Cryptsetup.Success)
            {
                return luks == Cryptsetup.WrongParameters
                    ? CheckResult.Failed(Name, $"{named} is not a LUKS device, so no passphrase opens it",
                        target is null ? "name the LUKS device with --device PATH" : $"correct the source of {target} in {origin}")
                    : Unanswered(named, "isLuks", luks, cryptsetup);
            }
            int opened = cryptsetup.TestPassphrase(path, device.Options, passphrase);
            return opened switch
            {
                Cryptsetup.Success => CheckResult.Ok(Name, $"the passphrase opens {named}"),
                Cryptsetup.NoKey => CheckResult.Failed(Name, $"the passphrase from the server does NOT open {named}", ReplaceSecretFix),
                _ => Unanswered(named, "open --test-passphrase", opened, cryptsetup),
            };
        }
        catch (Win32Exception e)
        {
            return CheckResult.Failed(Name, $"{cryptsetup.Path} could not be started to test {named}: {ErrorText.Of(e)}",
                "reinstall cryptsetup-bin");
        }
    }

    private static CheckResult Unanswered(string named, string command, int status, Cryptsetup cryptsetup) => status switch
    {
        Cryptsetup.DeviceError => CheckResult.Failed(Name, $"cryptsetup cannot read {named} (or its header)",
            "run mandos-keygen --test as root, and check that the device and any header= file exist"),
        Cryptsetup.WrongParameters => CheckResult.Failed(Name, $"cryptsetup {command} refused the crypttab options of {named}",
            "correct its options (header=, key-slot=, keyfile-size=, keyfile-offset=)"),
        Cryptsetup.OutOfMemory => CheckResult.Failed(Name, $"cryptsetup ran out of memory testing {named}", "free memory and run the test again"),
        _ => CheckResult.Failed(Name, $"cryptsetup {command} on {named} failed with exit status {status}",
            $"run {cryptsetup.Path} {command} by hand on that device to see why"),
    };
}
