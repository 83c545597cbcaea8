using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>kill(2): sends <paramref name="signal"/> (<see cref="SignalNumber"/>) to a process, or to a process group when <paramref name="pid"/> is negative; 0 only tests that it exists.</summary>
    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
