using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getrandom(2): up to <paramref name="length"/> random bytes from the kernel.</summary>
    [LibraryImport(Library, EntryPoint = "getrandom", SetLastError = true)]
    public static unsafe partial nint GetRandom(byte* buffer, nint length, uint flags);
}
