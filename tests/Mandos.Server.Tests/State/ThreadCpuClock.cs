using System.Runtime.InteropServices;

namespace Mandos.Server.Tests.State;

/// <summary>
/// The CPU time the calling thread has used (CLOCK_THREAD_CPUTIME_ID): a speed bound measured on
/// it holds however busy the machine is, since time spent waiting for a core is not counted.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    public static TimeSpan Now
    {
        get
        {
            if (ClockGetTime(ThreadCpuTimeId, out TimeSpec t) != 0)
            {
                throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: " + Marshal.GetLastPInvokeError());
            }
            return TimeSpan.FromSeconds(t.Seconds) + TimeSpan.FromTicks(t.Nanoseconds / 100);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
