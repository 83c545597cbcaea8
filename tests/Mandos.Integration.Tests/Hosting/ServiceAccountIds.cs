using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>The uid and gid of <c>_mandos</c> (made by Debian's mandos package), as getent reports them.</summary>
public static class ServiceAccountIds
{
    public static (uint Uid, uint Gid) Mandos()
    {
        uint? uid = Lookup("passwd", "_mandos");
        uint? gid = Lookup("group", "_mandos");
        if (uid is null || gid is null)
        {
            throw new InvalidOperationException(
                "no _mandos user and group: install Debian's mandos (`make deps` or `bash tools/install-deps.sh`)");
        }
        return (uid.Value, gid.Value);
    }

    private static uint? Lookup(string database, string key)
    {
        ProcessRunner.Result getent = ProcessRunner.Run(mustSucceed: false, "getent", database, key);
        string line = getent.StdoutText.Trim();
        return getent.ExitCode == 0 && line.Length > 0 ? uint.Parse(line.Split(':')[2]) : null;
    }
}
