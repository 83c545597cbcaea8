using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int SetParentDeathSignal = 1;  // PR_SET_PDEATHSIG
    public const int SetDumpable = 4;   // PR_SET_DUMPABLE
    public const int SetNoNewPrivileges = 38;   // PR_SET_NO_NEW_PRIVS

    /// <summary>prctl(2).</summary>
    [LibraryImport(Library, EntryPoint = "prctl")]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
