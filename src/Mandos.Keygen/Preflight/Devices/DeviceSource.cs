using System.Text;

namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// Finds the device a crypttab source names: <c>UUID=</c>, <c>PARTUUID=</c>, <c>LABEL=</c> and
/// <c>PARTLABEL=</c> through udev's /dev/disk/by-* links (labels encoded as udev encodes them, a
/// space as <c>\x20</c>), any other source as a path (a block device, or a regular file holding a
/// LUKS image; what else it is, the device check tells). Every absolute path is taken under <c>root</c>, so tests pass a fake /dev tree.
/// </summary>
public static class DeviceSource
{
    private static readonly (string Tag, string Directory, bool Encoded)[] Tags =
    [
        ("UUID=", "by-uuid", false),
        ("PARTUUID=", "by-partuuid", false),
        ("LABEL=", "by-label", true),
        ("PARTLABEL=", "by-partlabel", true),
    ];

    /// <summary>The device's path with every link followed (/dev/sda3, not /dev/disk/by-uuid/…), or null when it is not present.</summary>
    public static string? Resolve(string source, string root)
    {
        string path = source;
        foreach ((string tag, string directory, bool encoded) in Tags)
        {
            if (source.StartsWith(tag, StringComparison.Ordinal))
            {
                string value = source[tag.Length..];
                if (value.Length == 0)
                {
                    return null;
                }
                path = Path.Combine("/dev/disk", directory, encoded ? UdevEncode(value) : value);
                break;
            }
        }
        string full = !Path.IsPathRooted(path) ? Path.GetFullPath(path) : root == "/" ? path : Path.Join(root, path);
        try
        {
            var file = new FileInfo(full);
            string final = file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
            return Path.Exists(final) ? final : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>udev's encoding of a name in a /dev/disk link: bytes other than ASCII letters, digits, <c>#+-.:=@_</c> and UTF-8 sequences become <c>\xNN</c>.</summary>
    public static string UdevEncode(string value)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || "#+-.:=@_".Contains(c, StringComparison.Ordinal) || c > 0x7f)
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
        }
        return encoded.ToString();
    }
}
