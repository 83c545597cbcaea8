using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>getpass(3): a line read with echo off from /dev/tty (or stdin), in a static buffer; null on failure.</summary>
    [LibraryImport(Library, EntryPoint = "getpass", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial byte* GetPass(string prompt);
}
