using System.Text;
using Mandos.Core.Keys;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// What an initramfs image unpacks to, as far as a check needs it: every path with its type, mode
/// and symbolic link target, and the contents of the few files asked for when it was read. Paths
/// are looked up as the kernel's unpacked tree would resolve them, through symbolic links inside
/// the image (Debian 12's images have lib -> usr/lib and bin -> usr/bin). The contents may be
/// private keys: disposing clears them.
/// </summary>
public sealed class InitramfsImage : IDisposable
{
    private const int MaxSymlinkHops = 40; // as the kernel's path walk (ELOOP)

    private readonly Dictionary<string, InitramfsEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hardLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _contents = new(StringComparer.Ordinal);

    internal InitramfsImage(string path)
    {
        Path = path;
    }

    /// <summary>The image file.</summary>
    public string Path { get; }

    /// <summary>How its last segment is compressed (<see cref="InitramfsCompression.None"/> when it is cpio archives only).</summary>
    public InitramfsCompression Compression { get; internal set; }

    /// <summary>How many paths the image holds.</summary>
    public int Count => _entries.Count;

    /// <summary>Every path, as stored (not resolved).</summary>
    public IEnumerable<string> Paths => _entries.Keys;

    /// <summary>
    /// Reads <paramref name="path"/>, keeping the contents of the regular files whose stored path
    /// <paramref name="keepContents"/> accepts (each at most <see cref="InitramfsReader.MaxKeptFileSize"/> bytes).
    /// </summary>
    /// <exception cref="InitramfsException">the image is missing, unreadable, garbled, truncated or compressed in a way we cannot undo</exception>
    public static InitramfsImage Read(string path, Func<string, bool> keepContents) => InitramfsReader.Read(path, keepContents);

    /// <summary>A path without "./", leading or doubled "/", or "." components.</summary>
    public static string Normalize(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != "."));

    /// <summary>
    /// The stored path that <paramref name="path"/> names once the symbolic links along it are
    /// followed (the last one too), or null when a link loops. The result need not exist.
    /// </summary>
    public string? Resolve(string path)
    {
        var pending = new LinkedList<string>(Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        int hops = 0;
        while (pending.First is { } first)
        {
            string part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            string candidate = resolved.Count == 0 ? part : string.Join('/', resolved) + "/" + part;
            if (_entries.TryGetValue(candidate, out InitramfsEntry? entry) && entry is { Kind: InitramfsEntryKind.Symlink, LinkTarget: { } target })
            {
                if (++hops > MaxSymlinkHops)
                {
                    return null;
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                string[] targetParts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (int i = targetParts.Length - 1; i >= 0; i--)
                {
                    _ = pending.AddFirst(targetParts[i]);
                }
                continue;
            }
            resolved.Add(part);
        }
        return string.Join('/', resolved);
    }

    /// <summary>The entry <paramref name="path"/> names, symbolic links followed; null when there is none.</summary>
    public InitramfsEntry? Find(string path) =>
        Resolve(path) is { } resolved && _entries.TryGetValue(resolved, out InitramfsEntry? entry) ? entry : null;

    /// <summary>Whether <paramref name="path"/> names something in the image.</summary>
    public bool Exists(string path) => Find(path) is not null;

    /// <summary>Whether <paramref name="path"/> names an executable regular file.</summary>
    public bool IsExecutable(string path) => Find(path)?.IsExecutable == true;

    /// <summary>
    /// The contents of the regular file <paramref name="path"/> names, if they were kept; the
    /// image's own buffer, cleared when the image is disposed.
    /// </summary>
    public byte[]? Contents(string path)
    {
        if (Resolve(path) is not { } resolved || !_entries.TryGetValue(resolved, out InitramfsEntry? entry) || entry.Kind != InitramfsEntryKind.File)
        {
            return null;
        }
        string holder = _hardLinks.GetValueOrDefault(resolved, resolved);
        return _contents.GetValueOrDefault(holder);
    }

    /// <summary>The kept contents of a text file (configuration, never keys) as UTF-8, or null.</summary>
    public string? Text(string path) => Contents(path) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public void Dispose()
    {
        foreach (byte[] contents in _contents.Values)
        {
            PrivateFile.Clear(contents);
        }
        _contents.Clear();
    }

    internal void Add(InitramfsEntry entry, string? hardLinkOf)
    {
        _entries[entry.Path] = entry;
        if (hardLinkOf is not null)
        {
            _hardLinks[entry.Path] = _hardLinks.GetValueOrDefault(hardLinkOf, hardLinkOf);
        }
        else
        {
            _ = _hardLinks.Remove(entry.Path);
            // a later archive's file replaces an earlier one of the same path
            if (_contents.Remove(entry.Path, out byte[]? old))
            {
                PrivateFile.Clear(old);
            }
        }
    }

    internal bool HasContents(string holder) => _contents.ContainsKey(holder);

    internal void Keep(string holder, byte[] contents)
    {
        if (_contents.Remove(holder, out byte[]? old))
        {
            PrivateFile.Clear(old);
        }
        _contents[holder] = contents;
    }

    /// <summary>The path whose kept contents a hard link shares.</summary>
    internal string HolderOf(string path) => _hardLinks.GetValueOrDefault(path, path);
}
