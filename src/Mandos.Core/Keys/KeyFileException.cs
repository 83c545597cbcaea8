namespace Mandos.Core.Keys;

/// <summary>
/// A key file is missing, unreadable or malformed. The message is one line naming the file and
/// never contains key material.
/// </summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        FilePath = path;
        Reason = reason;
    }

    public string FilePath { get; }

    public string Reason { get; }
}
