using System.Diagnostics;
using Mandos.Core.Posix;
using Mandos.Server.Hosting;
using Xunit;

namespace Mandos.Server.Tests.Hosting;

/// <summary>
/// Which account the server becomes (docs/compatibility.md, "Privileges"). The drop itself changes the ids of the
/// whole test process, so it is proved by the integration test of the published server instead.
/// </summary>
public sealed class PrivilegeDropTests
{
    [Lane(Lane.Loopback)]
    [Fact]
    public void UserLookupAgreesWithGetent()
    {
        (string name, uint id)? user = Getent("passwd", "root");
        Assert.Equal(user!.Value.id, UserDatabase.UserId("root"));
    }

    [Lane(Lane.Loopback)]
    [Fact]
    public void GroupLookupAgreesWithGetent()
    {
        (string name, uint id)? group = Getent("group", "root");
        Assert.Equal(group!.Value.id, UserDatabase.GroupId("root"));
    }

    [Lane(Lane.Unit)]
    [Theory]
    [InlineData("no-such-user-mandos-test")]
    [InlineData("")]
    [InlineData("root\0x")]
    public void UnknownOrMalformedNamesAreNotFound(string name)
    {
        Assert.Null(UserDatabase.UserId(name));
        Assert.Null(UserDatabase.GroupId(name));
    }

    [Lane(Lane.Unit)]
    [Fact]
    public void ChoosesUnderscoreMandosWhenItExists()
    {
        // Debian's mandos package creates the account; as the interop tests, this fails without it.
        (string name, uint id)? user = Getent("passwd", "_mandos");
        (string name, uint id)? group = Getent("group", "_mandos");
        Assert.True(user is not null && group is not null,
            "no _mandos user and group: install Debian's mandos (`make deps` or `bash tools/install-deps.sh`)");

        ServiceAccount chosen = PrivilegeDrop.ChooseTarget();

        Assert.Equal(new ServiceAccount("_mandos", "_mandos", user!.Value.id, group!.Value.id), chosen);
    }

    [Lane(Lane.Unit)]
    [Fact]
    public void SkipsPairsWhoseUserOrGroupIsMissing()
    {
        ServiceAccount chosen = PrivilegeDrop.ChooseTarget(
            [("no-such-user-mandos-test", "root"), ("root", "no-such-group-mandos-test"), ("root", "root")]);

        Assert.Equal(new ServiceAccount("root", "root", 0, 0), chosen);
    }

    [Lane(Lane.Unit)]
    [Fact]
    public void GidComesFromTheGroupDatabaseNotFromAUserNamedLikeTheGroup()
    {
        // Upstream would look for a *user* "nogroup" and, finding none on Debian, skip this pair.
        (string name, uint id)? group = Getent("group", "nogroup");
        Assert.True(group is not null && UserDatabase.UserId("nobody") is not null, "Debian always has nobody and nogroup");

        ServiceAccount chosen = PrivilegeDrop.ChooseTarget([("nobody", "nogroup")]);

        Assert.Equal(group!.Value.id, chosen.Gid);
        Assert.Equal("nogroup", chosen.GroupName);
    }

    [Lane(Lane.Unit)]
    [Fact]
    public void FallsBackTo65534WhenNoCandidateExists()
    {
        ServiceAccount chosen = PrivilegeDrop.ChooseTarget([("no-such-user-mandos-test", "no-such-group-mandos-test")]);

        Assert.Equal((65534u, 65534u), (chosen.Uid, chosen.Gid));
    }

    /// <summary>The entry's name and id (third field) as <c>getent</c> prints it, or null.</summary>
    private static (string name, uint id)? Getent(string database, string key)
    {
        var start = new ProcessStartInfo("getent", [database, key]) { RedirectStandardOutput = true };
        using Process process = Process.Start(start)!;
        string line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || line.Length == 0)
        {
            return null;
        }
        string[] fields = line.Split(':');
        return (fields[0], uint.Parse(fields[2]));
    }
}
