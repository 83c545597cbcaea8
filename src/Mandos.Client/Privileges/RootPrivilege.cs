using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Mandos.Client.Privileges;

/// <summary>
/// Upstream's handling of the set-user-ID root bit (mandos-client is installed 4755 and started by
/// plugin-runner as its unprivileged user, or by password-agent with the same ids): at start the
/// group ids become the real group for good and the effective user id the real user, so TLS,
/// OpenPGP and the key files are handled unprivileged; root stays the saved set-user-ID, taken
/// back only for what needs it: interface flags (effective root), and starting network hooks and
/// the route helper (full root, real ids too, or a shell hook would drop it again). At the end the
/// real user's ids become permanent. A client started by root, or without the bit, is left as is.
/// </summary>
public static partial class RootPrivilege
{
    private const uint Unchanged = uint.MaxValue;
    private static readonly Lock Gate = new();
    private static uint _user;
    private static uint _group;
    private static bool _held;

    /// <summary>Whether root was lowered at start and can be taken back.</summary>
    public static bool IsHeld => Volatile.Read(ref _held);

    /// <summary>Call first thing: when running set-user-ID root for another user, lower the effective ids to that user's.</summary>
    public static void LowerAtStart()
    {
        uint user = getuid();
        if (geteuid() != 0 || user == 0)
        {
            return;
        }
        _user = user;
        _group = getgid();
        Check(setgid(_group), $"setgid({_group})");   // as root: real, effective and saved group
        Check(seteuid(_user), $"seteuid({_user})");
        Volatile.Write(ref _held, true);
    }

    /// <summary>Effective root until disposed.</summary>
    public static Raised Raise() => RaiseTo(fully: false);

    /// <summary>Real and effective user and group root until disposed: a program started meanwhile runs as root.</summary>
    public static Raised RaiseFully() => RaiseTo(fully: true);

    /// <summary>The real user's ids for good (upstream's setuid(uid) at the end); root cannot be taken back after this.</summary>
    public static void GiveUp()
    {
        if (!IsHeld)
        {
            return;
        }
        lock (Gate)
        {
            Check(seteuid(0), "seteuid(0)");
            Check(setuid(_user), $"setuid({_user})");
            Volatile.Write(ref _held, false);
        }
    }

    private static Raised RaiseTo(bool fully)
    {
        if (!IsHeld)
        {
            return default;
        }
        Gate.Enter();
        try
        {
            if (fully)
            {
                Check(setresuid(0, 0, Unchanged), "setresuid(0, 0)");
                Check(setresgid(0, 0, Unchanged), "setresgid(0, 0)");
            }
            else
            {
                Check(seteuid(0), "seteuid(0)");
            }
            return new Raised(fully);
        }
        catch
        {
            Lower(fully);
            Gate.Exit();
            throw;
        }
    }

    private static void Lower(bool fully)
    {
        // Group first: changing it needs the effective root that the user change gives up.
        if (fully)
        {
            _ = setresgid(_group, _group, Unchanged);
            _ = setresuid(_user, _user, Unchanged);
        }
        else
        {
            _ = seteuid(_user);
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            throw new Win32Exception(error, $"{call}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    /// <summary>A raised scope: dispose on the thread that raised it.</summary>
    public readonly struct Raised(bool fully) : IDisposable
    {
        private readonly bool _active = true;

        public void Dispose()
        {
            if (_active)
            {
                Lower(fully);
                Gate.Exit();
            }
        }
    }

    [LibraryImport("libc")]
    private static partial uint getuid();

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc")]
    private static partial uint getgid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setuid(uint uid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int seteuid(uint uid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setgid(uint gid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresuid(uint ruid, uint euid, uint suid);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresgid(uint rgid, uint egid, uint sgid);
}
