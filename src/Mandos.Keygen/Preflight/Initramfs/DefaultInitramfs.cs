namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// The initramfs the next boot of the running kernel uses: /boot/initrd.img-VERSION (Debian's
/// initramfs-tools, and Debian's dracut), else /boot/initramfs-VERSION.img (dracut elsewhere).
/// </summary>
public static class DefaultInitramfs
{
    private const string OsRelease = "/proc/sys/kernel/osrelease";
    private const string DebianPrefix = "initrd.img-";
    private const string DracutPrefix = "initramfs-";
    private const string DracutSuffix = ".img";

    /// <summary>The running kernel's release (uname -r), or null when /proc cannot tell.</summary>
    public static string? KernelRelease()
    {
        try
        {
            string release = File.ReadAllText(OsRelease).Trim();
            return release.Length > 0 ? release : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The image of kernel <paramref name="release"/> in <paramref name="bootDirectory"/>: the first that exists, else Debian's name.</summary>
    public static string For(string release, string bootDirectory = "/boot")
    {
        string debian = Path.Combine(bootDirectory, DebianPrefix + release);
        string dracut = Path.Combine(bootDirectory, DracutPrefix + release + DracutSuffix);
        return !File.Exists(debian) && File.Exists(dracut) ? dracut : debian;
    }

    /// <summary>The kernel release an image's file name is for (initrd.img-VERSION, initramfs-VERSION.img), or null.</summary>
    public static string? KernelReleaseOf(string imagePath)
    {
        string name = Path.GetFileName(imagePath);
        if (name.StartsWith(DebianPrefix, StringComparison.Ordinal) && name.Length > DebianPrefix.Length)
        {
            return name[DebianPrefix.Length..];
        }
        if (name.StartsWith(DracutPrefix, StringComparison.Ordinal) && name.EndsWith(DracutSuffix, StringComparison.Ordinal)
            && name.Length > DracutPrefix.Length + DracutSuffix.Length)
        {
            return name[DracutPrefix.Length..^DracutSuffix.Length];
        }
        return null;
    }
}
