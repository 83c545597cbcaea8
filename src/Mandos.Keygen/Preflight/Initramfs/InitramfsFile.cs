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
    public static SafeFileHandle Open(string path)
    {
        try
        {
            return RegularFile.Open(path, followLinks: true);
        }
        catch (IOException e)
        {
            throw new InitramfsException(RegularFile.Describe(path, e), e) { Missing = RegularFile.IsMissing(e), NotRegularFile = RegularFile.IsRefused(e) };
        }
    }
}
