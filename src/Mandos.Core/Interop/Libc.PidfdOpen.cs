using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    /// <summary>pidfd_open(2): a descriptor for child <paramref name="pid"/> that becomes readable when it exits.</summary>
    [LibraryImport(Library, EntryPoint = "pidfd_open", SetLastError = true)]
    public static partial int PidfdOpen(int pid, uint flags);
}
