using System.Runtime.InteropServices;

namespace Mandos.PasswordAgent.Questions;

/// <summary>CLOCK_MONOTONIC in microseconds, the clock of NotAfter=.</summary>
public static unsafe partial class MonotonicClock
{
    public static ulong NowMicroseconds
    {
        get
        {
            long* ts = stackalloc long[2];
            _ = clock_gettime(1, ts);   // CLOCK_MONOTONIC
            return (ulong)ts[0] * 1_000_000UL + (ulong)ts[1] / 1000UL;
        }
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, long* timespec);
}
