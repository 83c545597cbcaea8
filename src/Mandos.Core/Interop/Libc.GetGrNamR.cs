using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getgrnam_r(3): the group called <paramref name="name"/>; returns an error number (ERANGE: a larger <paramref name="buffer"/> is needed), <paramref name="result"/> null when there is none.</summary>
    [LibraryImport(Library, EntryPoint = "getgrnam_r", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int GetGrNamR(string name, Group* entry, byte* buffer, nuint size, Group** result);
}
