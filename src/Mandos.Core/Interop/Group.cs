using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

/// <summary>
/// struct group as glibc and musl lay it out, filled by <see cref="Libc.GetGrNamR"/>: gid_t is
/// 32 bits on every Linux architecture; the strings point into the caller's buffer.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Group
{
    public nint Name;
    public nint Password;
    public uint GroupId;
    public nint Members;
}
