using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// Looks up users through libc's <c>getpwnam_r</c>, so <c>~user</c> works for users from any
/// NSS source (files, LDAP, systemd-userdb), as it does in Python.
/// </summary>
public static unsafe class PasswdDatabase
{
    private const int MaxBufferSize = 1 << 20;

    /// <summary>The home directory of <paramref name="userName"/>, or null if there is no such user.</summary>
    public static string? HomeDirectoryOf(string userName)
    {
        if (!OperatingSystem.IsLinux()) // the struct layout of Passwd is glibc/musl's
        {
            return null;
        }
        for (int size = 4096; size <= MaxBufferSize; size *= 2)
        {
            byte[] buffer = new byte[size];
            fixed (byte* bufferPointer = buffer)
            {
                Passwd entry;
                Passwd* result = null;
                int error = Libc.GetPwNamR(userName, &entry, bufferPointer, (nuint)size, &result);
                if (error != Errno.OutOfRange)
                {
                    return error == 0 && result is not null ? Marshal.PtrToStringUTF8(entry.HomeDirectory) : null;
                }
            }
        }
        return null;
    }
}
