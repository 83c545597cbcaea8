using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>waitid(2) into a siginfo_t buffer (128 bytes).</summary>
    [LibraryImport(Library, EntryPoint = "waitid", SetLastError = true)]
    public static unsafe partial int WaitId(int idType, int id, byte* info, int options);
}
