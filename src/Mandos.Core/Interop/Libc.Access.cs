using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int ReadOk = 4;      // R_OK
    public const int WriteOk = 2;     // W_OK
    public const int ExecuteOk = 1;   // X_OK

    /// <summary>access(2): whether the real user may read, write or execute <paramref name="path"/> (<see cref="ReadOk"/> and the like); 0 when so.</summary>
    [LibraryImport(Library, EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Access(string path, int mode);
}
