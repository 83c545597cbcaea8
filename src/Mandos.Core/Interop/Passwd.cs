using System.Runtime.InteropServices;

namespace Mandos.Core.Interop;

/// <summary>
/// struct passwd as glibc and musl lay it out, filled by <see cref="Libc.GetPwNamR"/>: uid_t and
/// gid_t are 32 bits on every Linux architecture; the strings point into the caller's buffer.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct Passwd
{
    public nint Name;
    public nint Password;
    public uint UserId;
    public uint GroupId;
    public nint Gecos;
    public nint HomeDirectory;
    public nint Shell;
}
