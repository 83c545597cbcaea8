using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int LimitCore = 4;     // RLIMIT_CORE

    /// <summary>setrlimit(2) with soft and hard limit <paramref name="limits"/>[0] and [1].</summary>
    [LibraryImport(Library, EntryPoint = "setrlimit")]
    public static unsafe partial int SetRLimit(int resource, ulong* limits);
}
