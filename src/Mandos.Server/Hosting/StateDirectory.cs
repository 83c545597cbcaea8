using System.Runtime.InteropServices;
using Mandos.Core.Errors;
using Mandos.Core.Interop;

namespace Mandos.Server.Hosting;

/// <summary>
/// Makes the state directory on first start, as Debian's tmpfiles.d line does
/// (<c>d /var/lib/mandos 0700 _mandos _mandos</c>): created by root, owned by the account the
/// server is about to become, so a first-time user need not know about it.
/// </summary>
public static class StateDirectory
{
    /// <summary>Creates it if missing; a warning when that is not possible, else null.</summary>
    public static string? EnsureExists(string path, ServiceAccount owner)
    {
        if (Directory.Exists(path))
        {
            return null;
        }
        try
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Could not create state directory {path}: {ErrorText.Of(e)}";
        }
        if (Libc.Chown(path, owner.Uid, owner.Gid) != 0)
        {
            return $"Could not give state directory {path} to {owner}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }
        return null;
    }
}
