namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// An initramfs image could not be read: missing, unreadable, garbled, truncated, hostile, or
/// compressed in a way we cannot undo here. The message is one sentence naming the image file.
/// </summary>
public sealed class InitramfsException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The image file does not exist (the fix is to create it, not to rebuild it).</summary>
    public bool Missing { get; init; }

    /// <summary>The path names something other than a regular file (a directory, a FIFO, /dev/zero).</summary>
    public bool NotRegularFile { get; init; }
}
