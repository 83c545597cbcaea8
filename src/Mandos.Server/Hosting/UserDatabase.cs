using Mandos.Core.Interop;

namespace Mandos.Server.Hosting;

/// <summary>
/// Name lookups in the passwd and group databases through libc's reentrant calls, so NSS
/// (files, LDAP, systemd's nss-systemd) answers as it does for every other program.
/// </summary>
/// <remarks>
/// Any failure other than a too-small buffer counts as "no such name", as in Python's pwd and
/// grp modules that upstream uses: a broken NSS source makes the server fall back to the next
/// candidate account, never run with more privilege.
/// </remarks>
public static unsafe partial class UserDatabase
{
    private const int InitialBuffer = 1024;
    private const int MaxBuffer = 1 << 20;

    /// <summary>The uid of the user called <paramref name="name"/>, or null if there is none.</summary>
    public static uint? UserId(string name)
    {
        if (!IsPlausibleName(name))
        {
            return null;
        }
        for (int size = InitialBuffer; size <= MaxBuffer; size *= 2)
        {
            Passwd entry;
            Passwd* result = null;
            int error;
            fixed (byte* buffer = new byte[size])
            {
                error = Libc.GetPwNamR(name, &entry, buffer, (nuint)size, &result);
            }
            if (error != Errno.OutOfRange)
            {
                return error == 0 && result is not null ? result->UserId : null;
            }
        }
        return null;
    }

    /// <summary>The gid of the group called <paramref name="name"/>, or null if there is none.</summary>
    public static uint? GroupId(string name)
    {
        if (!IsPlausibleName(name))
        {
            return null;
        }
        for (int size = InitialBuffer; size <= MaxBuffer; size *= 2)
        {
            Group entry;
            Group* result = null;
            int error;
            fixed (byte* buffer = new byte[size])
            {
                error = Libc.GetGrNamR(name, &entry, buffer, (nuint)size, &result);
            }
            if (error != Errno.OutOfRange)
            {
                return error == 0 && result is not null ? result->GroupId : null;
            }
        }
        return null;
    }

    // A NUL would cut the name short in C and look up some other account.
    private static bool IsPlausibleName(string name) => name.Length > 0 && !name.Contains('\0');
}
