using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>SIG_DFL: the signal's default action.</summary>
    public const nint DefaultAction = 0;

    /// <summary>signal(2): sets the action of <paramref name="signal"/> (<see cref="DefaultAction"/>); returns the previous one.</summary>
    [LibraryImport(Library, EntryPoint = "signal")]
    public static partial nint Signal(int signal, nint handler);
}
