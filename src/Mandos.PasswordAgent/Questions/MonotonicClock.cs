using Mandos.Core.Interop;

namespace Mandos.PasswordAgent.Questions;

/// <summary>CLOCK_MONOTONIC in microseconds, the clock of NotAfter=.</summary>
public static unsafe class MonotonicClock
{
    public static ulong NowMicroseconds
    {
        get
        {
            _ = Libc.ClockGetTime(Libc.ClockMonotonic, out TimeSpec ts);
            return (ulong)ts.Seconds * 1_000_000UL + (ulong)ts.Nanoseconds / 1000UL;
        }
    }
}
