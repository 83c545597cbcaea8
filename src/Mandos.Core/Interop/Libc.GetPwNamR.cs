using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getpwnam_r(3): the user called <paramref name="name"/>; returns an error number (ERANGE: a larger <paramref name="buffer"/> is needed), <paramref name="result"/> null when there is none.</summary>
    [LibraryImport(Library, EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetPwNamR(string name, Passwd* entry, byte* buffer, nuint size, Passwd** result);
}
