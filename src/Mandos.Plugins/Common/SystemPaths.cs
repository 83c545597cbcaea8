using Mandos.Core.Posix;

namespace Mandos.Plugins.Common;

/// <summary>
/// Upstream's fixed paths (/lib/cryptsetup/passfifo, /bin/plymouth, /sbin/splashy …), which the
/// tests move into their own directories through MANDOS_TEST_* variables. Those variables count
/// only when the program is not running set-user-ID, so they cannot steer a privileged plugin.
/// </summary>
public static class SystemPaths
{
    public static string Get(string testVariable, string path)
    {
        if (Credentials.RealUserId != Credentials.EffectiveUserId)
        {
            return path;
        }
        return Environment.GetEnvironmentVariable(testVariable) is { Length: > 0 } overridden ? overridden : path;
    }
}
