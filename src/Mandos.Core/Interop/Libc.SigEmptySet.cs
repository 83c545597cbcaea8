using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>sigemptyset(3): <paramref name="signals"/> is a sigset_t buffer (128 bytes).</summary>
    [LibraryImport(Library, EntryPoint = "sigemptyset")]
    public static unsafe partial int SigEmptySet(byte* signals);
}
