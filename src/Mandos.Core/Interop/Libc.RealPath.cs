using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>realpath(3): with <paramref name="resolved"/> null, the path in memory the caller frees; null when it does not exist.</summary>
    [LibraryImport(Library, EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial byte* RealPath(string path, byte* resolved);
}
