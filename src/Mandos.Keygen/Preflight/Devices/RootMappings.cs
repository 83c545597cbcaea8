namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// The dm-crypt mappings under the root file system (and /usr, which Debian's initramfs also
/// unlocks): the device mounted there, from mountinfo, then through sysfs from device-mapper device
/// to the devices under it (<c>slaves/</c>: LVM on LUKS, RAID) until the crypt mappings, whose
/// device-mapper uuid starts with <c>CRYPT-</c>; their <c>dm/name</c> is the crypttab target.
/// </summary>
public static class RootMappings
{
    /// <summary>The mount points whose devices Debian's cryptsetup initramfs hook unlocks (besides resume).</summary>
    public static readonly IReadOnlyList<string> BootMountPoints = ["/", "/usr"];

    private const string CryptUuidPrefix = "CRYPT-";
    private const int MaxDepth = 16;

    /// <summary>The crypt mapping names behind / and /usr on this system (/proc/self/mountinfo, /sys); empty when either cannot be read.</summary>
    public static IReadOnlySet<string> Read()
    {
        string mountinfo;
        try
        {
            mountinfo = File.ReadAllText("/proc/self/mountinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        return CryptMappings(Mounted(mountinfo, BootMountPoints), "/sys");
    }

    /// <summary>
    /// What is mounted at each of <paramref name="mountPoints"/> according to mountinfo text
    /// (proc(5)); the last line for a mount point wins, as a later mount covers an earlier one.
    /// </summary>
    public static IReadOnlyList<MountedDevice> Mounted(string mountinfo, IEnumerable<string> mountPoints)
    {
        var wanted = new HashSet<string>(mountPoints, StringComparer.Ordinal);
        var found = new Dictionary<string, MountedDevice>(StringComparer.Ordinal);
        foreach (string line in mountinfo.Split('\n'))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 5 || separator + 2 >= fields.Length)
            {
                continue;
            }
            string mountPoint = Crypttab.Decode(fields[4]);
            if (wanted.Contains(mountPoint))
            {
                found[mountPoint] = new MountedDevice(mountPoint, fields[2], Crypttab.Decode(fields[separator + 2]));
            }
        }
        return [.. found.Values];
    }

    /// <summary>
    /// The crypt mapping names at or under <paramref name="devices"/>, following the sysfs tree at
    /// <paramref name="sysRoot"/> (<c>class/block/NAME/{dev,dm/name,dm/uuid,slaves/}</c>).
    /// </summary>
    public static IReadOnlySet<string> CryptMappings(IEnumerable<MountedDevice> devices, string sysRoot)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string classBlock = Path.Combine(sysRoot, "class", "block");
        if (!Directory.Exists(classBlock))
        {
            return names;
        }
        foreach (MountedDevice device in devices)
        {
            string? block = ByNumber(classBlock, device.DeviceNumber) ?? BySource(classBlock, device.Source);
            if (block is not null)
            {
                Follow(classBlock, block, names, 0);
            }
        }
        return names;
    }

    private static void Follow(string classBlock, string block, HashSet<string> names, int depth)
    {
        string directory = Path.Combine(classBlock, block);
        string? uuid = ReadLine(Path.Combine(directory, "dm", "uuid"));
        string? name = ReadLine(Path.Combine(directory, "dm", "name"));
        if (uuid is not null && name is not null && uuid.StartsWith(CryptUuidPrefix, StringComparison.Ordinal))
        {
            names.Add(name);
        }
        string slaves = Path.Combine(directory, "slaves");
        if (depth >= MaxDepth || !Directory.Exists(slaves))
        {
            return;
        }
        foreach (string slave in Directory.EnumerateFileSystemEntries(slaves))
        {
            Follow(classBlock, Path.GetFileName(slave), names, depth + 1);
        }
    }

    private static string? ByNumber(string classBlock, string deviceNumber)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(classBlock))
        {
            if (ReadLine(Path.Combine(entry, "dev")) == deviceNumber)
            {
                return Path.GetFileName(entry);
            }
        }
        return null;
    }

    // btrfs reports an anonymous device number (0:NN); its source (/dev/mapper/NAME) still leads to the block device.
    private static string? BySource(string classBlock, string source)
    {
        if (!source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            string name = Path.GetFileName(new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source);
            return Directory.Exists(Path.Combine(classBlock, name)) ? name : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
