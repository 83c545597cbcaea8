using Mandos.Core.Errors;

namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// Which crypttab entries the next boot unlocks through Mandos. With the crypttab inside the
/// initramfs (initramfs-tools writes cryptroot/crypttab with exactly the devices its cryptsetup
/// script unlocks; dracut copies /etc/crypttab), its entries; otherwise the entries of
/// /etc/crypttab that Debian's cryptsetup hook puts there: those with the <c>initramfs</c> option
/// and those under / or /usr, plus every entry whose keyscript is our plugin-runner. Of the
/// initramfs' entries, those that take their key elsewhere do not wait for Mandos: another
/// keyscript, or a key file instead of <c>none</c>; Mandos answers the passphrase prompt
/// (cryptroot-unlock) or is the keyscript.
/// </summary>
public static class BootDevices
{
    /// <summary>How the crypttab inside an initramfs-tools initramfs is named in messages.</summary>
    public const string InitramfsCrypttab = "cryptroot/crypttab in the initramfs";

    /// <summary>The devices to test when the initramfs' crypttab is known (text as read from the image).</summary>
    public static BootDeviceSelection FromInitramfs(string crypttab, string fileName = InitramfsCrypttab)
    {
        CrypttabFile file = Crypttab.Parse(crypttab, fileName);
        return Select(file, file.Entries.Where(WaitsForMandos));
    }

    /// <summary>The devices to test from /etc/crypttab text, given the crypt mappings under / and /usr (<see cref="RootMappings"/>).</summary>
    public static BootDeviceSelection FromEtcCrypttab(string crypttab, IReadOnlySet<string> rootMappings, string fileName = Crypttab.EtcPath)
    {
        CrypttabFile file = Crypttab.Parse(crypttab, fileName);
        return Select(file, file.Entries.Where(e =>
            IsMandosKeyscript(e.Value("keyscript"))
            || ((e.Has("initramfs") || rootMappings.Contains(e.Target)) && WaitsForMandos(e))));
    }

    /// <summary>The devices <c>--device PATH</c> names (the option may be given more than once).</summary>
    public static BootDeviceSelection Named(params IReadOnlyList<string> paths) => new([.. paths.Select(BootDevice.Named)], "--device", []);

    /// <summary>
    /// This system's devices: from <paramref name="initramfsCrypttab"/> when the caller read it
    /// out of the initramfs, otherwise from /etc/crypttab and the mounted root file system. A
    /// missing /etc/crypttab selects nothing; an unreadable one is a problem sentence.
    /// </summary>
    public static BootDeviceSelection Read(string? initramfsCrypttab)
    {
        if (initramfsCrypttab is not null)
        {
            return FromInitramfs(initramfsCrypttab);
        }
        string text;
        try
        {
            text = File.Exists(Crypttab.EtcPath) ? File.ReadAllText(Crypttab.EtcPath) : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BootDeviceSelection([], Crypttab.EtcPath, [$"{Crypttab.EtcPath} cannot be read: {ErrorText.Of(e, Crypttab.EtcPath)}."]);
        }
        return FromEtcCrypttab(text, RootMappings.Read());
    }

    /// <summary>
    /// Whether a keyscript option names our plugin-runner: a path ending in /mandos/plugin-runner
    /// (/usr/lib/x86_64-linux-gnu/mandos/plugin-runner, the initramfs' /lib/mandos/plugin-runner)
    /// or the name <c>mandos</c> (a script of that name in /lib/cryptsetup/scripts).
    /// </summary>
    public static bool IsMandosKeyscript(string? keyscript) =>
        keyscript is not null
        && (keyscript.EndsWith("/mandos/plugin-runner", StringComparison.Ordinal)
            || keyscript == "mandos"
            || keyscript.EndsWith("/cryptsetup/scripts/mandos", StringComparison.Ordinal));

    // A passphrase prompt (key file none, no keyscript) is what Mandos answers; a keyscript of its own is Mandos.
    private static bool WaitsForMandos(CrypttabEntry entry)
    {
        string? keyscript = entry.Value("keyscript");
        return keyscript is null ? entry.KeyFile == CrypttabEntry.NoKeyFile : IsMandosKeyscript(keyscript);
    }

    private static BootDeviceSelection Select(CrypttabFile file, IEnumerable<CrypttabEntry> entries) =>
        new([.. entries.Select(BootDevice.FromEntry)], file.FileName, file.Problems);
}
