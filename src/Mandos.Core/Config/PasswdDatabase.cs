using System.Runtime.InteropServices;

namespace Mandos.Core.Config;

/// <summary>
/// Looks up users through libc's <c>getpwnam_r</c>, so <c>~user</c> works for users from any
/// NSS source (files, LDAP, systemd-userdb), as it does in Python.
/// </summary>
internal static unsafe partial class PasswdDatabase
{
    private const int ERANGE = 34;
    private const int MaxBufferSize = 1 << 20;

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint UserId;
        public uint GroupId;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    /// <summary>The home directory of <paramref name="userName"/>, or null if there is no such user.</summary>
    public static string? HomeDirectoryOf(string userName)
    {
        if (!OperatingSystem.IsLinux()) // the struct layout above is glibc/musl's
        {
            return null;
        }
        for (var size = 4096; size <= MaxBufferSize; size *= 2)
        {
            var buffer = new byte[size];
            fixed (byte* bufferPointer = buffer)
            {
                var error = GetPasswdByName(userName, out var entry, bufferPointer, (nuint)size, out var result);
                if (error != ERANGE)
                {
                    return error == 0 && result != 0 ? Marshal.PtrToStringUTF8(entry.Directory) : null;
                }
            }
        }
        return null;
    }

    [LibraryImport("libc", EntryPoint = "getpwnam_r", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetPasswdByName(
        string name, out Passwd entry, byte* buffer, nuint bufferSize, out nint result);
}
