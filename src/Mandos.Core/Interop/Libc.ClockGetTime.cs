using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

public static partial class Libc
{
    public const int ClockMonotonic = 1;       // CLOCK_MONOTONIC
    public const int ClockThreadCpuTime = 3;   // CLOCK_THREAD_CPUTIME_ID

    /// <summary>clock_gettime(2): the time of <paramref name="clock"/> (<see cref="ClockMonotonic"/>, <see cref="ClockThreadCpuTime"/>).</summary>
    [LibraryImport(Library, EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, out TimeSpec time);
}
