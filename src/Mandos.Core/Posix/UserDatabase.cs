using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// Name lookups in the passwd and group databases through libc's reentrant calls, so NSS
/// (files, LDAP, systemd's nss-systemd) answers as it does for every other program: the server's
/// service account and the home directory of <c>~user</c> in a path.
/// </summary>
/// <remarks>
/// Any failure other than a too-small buffer counts as "no such name", as in Python's pwd and
/// grp modules that upstream uses: a broken NSS source makes the server fall back to the next
/// candidate account, never run with more privilege, and leaves <c>~user</c> as written.
/// </remarks>
public static unsafe class UserDatabase
{
    private const int InitialBuffer = 1024;
    private const int MaxBuffer = 1 << 20;

    /// <summary>The uid of the user called <paramref name="name"/>, or null if there is none.</summary>
    public static uint? UserId(string name) =>
        Find<Passwd, uint?>(name, &Libc.GetPwNamR, static entry => entry.UserId, null);

    /// <summary>The home directory of the user called <paramref name="name"/>, or null if there is none.</summary>
    public static string? HomeDirectoryOf(string name) =>
        Find<Passwd, string?>(name, &Libc.GetPwNamR, static entry => Marshal.PtrToStringUTF8(entry.HomeDirectory), null);

    /// <summary>The gid of the group called <paramref name="name"/>, or null if there is none.</summary>
    public static uint? GroupId(string name) =>
        Find<Group, uint?>(name, &Libc.GetGrNamR, static entry => entry.GroupId, null);

    /// <summary>
    /// Calls <paramref name="lookUp"/> (getpwnam_r or getgrnam_r) with ever larger buffers until
    /// the entry fits, and reads what the caller wants from it while its strings are still there.
    /// </summary>
    private static T Find<TEntry, T>(
        string name, delegate*<string, TEntry*, byte*, nuint, TEntry**, int> lookUp, Func<TEntry, T> read, T absent)
        where TEntry : unmanaged
    {
        // The struct layouts are glibc's and musl's; a NUL would cut the name short in C and look
        // up some other account.
        if (!OperatingSystem.IsLinux() || name.Length == 0 || name.Contains('\0'))
        {
            return absent;
        }
        for (int size = InitialBuffer; size <= MaxBuffer; size *= 2)
        {
            fixed (byte* buffer = new byte[size])
            {
                TEntry entry;
                TEntry* result = null;
                int error = lookUp(name, &entry, buffer, (nuint)size, &result);
                if (error != Errno.OutOfRange)
                {
                    return error == 0 && result is not null ? read(*result) : absent;
                }
            }
        }
        return absent;
    }
}
