namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// One path of an initramfs as the kernel unpacks it: its normalised path (no leading "./" or
/// "/"), what it is, its permission bits and, for a symbolic link, the target.
/// </summary>
public sealed record InitramfsEntry(string Path, InitramfsEntryKind Kind, int Mode, string? LinkTarget = null)
{
    private const int AnyExecute = 0x49; // 0111: executable by owner, group or others

    /// <summary>A regular file someone may execute (the kernel runs init and its scripts as root, so any x bit counts).</summary>
    public bool IsExecutable => Kind == InitramfsEntryKind.File && (Mode & AnyExecute) != 0;
}
