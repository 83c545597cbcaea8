using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

/// <summary>struct timespec on 64-bit Linux, as <see cref="Libc.ClockGetTime"/> fills it.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}
