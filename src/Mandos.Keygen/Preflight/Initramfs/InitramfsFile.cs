using Mandos.Core.Posix;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// Opening an image file once for all its reading (the cpio part, and the compressed part as the
/// decompressor's stdin): without blocking (a FIFO would hang a root program), through symbolic
/// links (/boot/initrd.img is one), and checked on the open descriptor to be a regular file
/// (/dev/zero never ends), so what is checked is what is read even when the path lies in a
/// directory another user may write. A failure is one sentence naming the file.
/// </summary>
internal static class InitramfsFile
{
    private const int NoSuchFile = 2;       // ENOENT
    private const int NotADirectory = 20;   // ENOTDIR: a component of the path is a file
    private const int MaxErrno = 4096;

    public static SafeFileHandle Open(string path)
    {
        try
        {
            return RegularFile.Open(path, followLinks: true);
        }
        catch (IOException e) when (e.HResult is NoSuchFile or NotADirectory)
        {
            throw new InitramfsException($"{path} does not exist", e) { Missing = true };
        }
        catch (IOException e) when (e.HResult is > 0 and < MaxErrno)
        {
            // strerror's text, as RegularFile gives it
            throw new InitramfsException($"cannot read {path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            // RegularFile's own words: "is not a regular file"
            throw new InitramfsException($"{path} {e.Message}", e) { NotRegularFile = true };
        }
    }
}
