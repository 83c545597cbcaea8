using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>setresuid(2): real, effective and saved user ids (uint.MaxValue: unchanged).</summary>
    [LibraryImport(Library, EntryPoint = "setresuid", SetLastError = true)]
    public static partial int SetResUid(uint ruid, uint euid, uint suid);
}
