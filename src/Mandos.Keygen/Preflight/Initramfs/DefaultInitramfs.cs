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

    /// <summary>
    /// The newest kernel release that has a /boot/vmlinuz-VERSION, in the order
    /// <c>sort -V</c> gives (numbers compared as numbers): the one a boot loader that starts the
    /// newest kernel (Debian's GRUB, by default) will start next. Null when there is none.
    /// </summary>
    public static string? NewestInstalledRelease(string bootDirectory = "/boot")
    {
        try
        {
            return Directory.EnumerateFiles(bootDirectory, "vmlinuz-*")
                .Select(f => Path.GetFileName(f)["vmlinuz-".Length..])
                .Where(v => v.Length > 0)
                .OrderBy(v => v, VersionOrder.Instance)
                .LastOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Runs of digits compared as numbers, everything else as text: 6.1.0-9 before 6.1.0-10.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            string a = x ?? "";
            string b = y ?? "";
            int i = 0;
            int j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
                {
                    int si = i;
                    int sj = j;
                    while (i < a.Length && char.IsAsciiDigit(a[i]))
                    {
                        i++;
                    }
                    while (j < b.Length && char.IsAsciiDigit(b[j]))
                    {
                        j++;
                    }
                    string na = a[si..i].TrimStart('0');
                    string nb = b[sj..j].TrimStart('0');
                    int byNumber = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
                    if (byNumber != 0)
                    {
                        return byNumber;
                    }
                    continue;
                }
                if (a[i] != b[j])
                {
                    return a[i].CompareTo(b[j]);
                }
                i++;
                j++;
            }
            return (a.Length - i).CompareTo(b.Length - j);
        }
    }
}
