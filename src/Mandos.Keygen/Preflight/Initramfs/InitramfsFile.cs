using Mandos.Core.Errors;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>Opening an image file for reading, with the failure told as one sentence naming it.</summary>
internal static class InitramfsFile
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InitramfsException($"cannot read {path}: {ErrorText.Of(e, path)}", e);
        }
    }
}
