namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// An initramfs image could not be read: missing, unreadable, garbled, truncated, hostile, or
/// compressed in a way we cannot undo here. The message is one sentence naming the image file.
/// </summary>
public sealed class InitramfsException(string message, Exception? inner = null) : Exception(message, inner);
