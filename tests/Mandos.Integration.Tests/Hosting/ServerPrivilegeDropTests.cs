using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>
/// Start-up order and privileges (docs/compatibility.md, "Privileges") with the published server: root binds and reads clients.conf,
/// then everything runs as _mandos; not being root is only a warning.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerPrivilegeDropTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RootServerRunsAsMandosInEveryThreadAndStillServes()
    {
        (uint uid, uint gid) = ServiceAccountIds.Mandos();
        string state = StateDirOwnedBy(uid, gid);
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        // As Debian installs it: only root may read clients.conf, so it is read before the drop.
        File.SetUnixFileMode(Path.Combine(conf, "clients.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var server = OurServer.Launch([], new Dictionary<string, string>(),
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);
        int port = await server.WaitListeningAsync();

        IReadOnlyList<string[]> threads = ProcFs.ThreadStatuses(server.ProcessId);
        Assert.NotEmpty(threads);
        foreach (string[] status in threads)
        {
            Assert.Equal($"{uid}\t{uid}\t{uid}\t{uid}", ProcFs.StatusField(status, "Uid"));
            Assert.Equal($"{gid}\t{gid}\t{gid}\t{gid}", ProcFs.StatusField(status, "Gid"));
            Assert.Equal($"{gid}", ProcFs.StatusField(status, "Groups"));
        }
        var run = await Clients.OursAsync(keys.Debian, port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    [Fact]
    public async Task CheckersRunAsMandos()
    {
        (uint uid, uint gid) = ServiceAccountIds.Mandos();
        string state = StateDirOwnedBy(uid, gid);
        string witness = Path.Combine(state, "checker-uid");
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection],
            $"checker = id -u > {witness}\ninterval = PT1S\n");
        await using var server = OurServer.Launch([], new Dictionary<string, string>(),
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);

        Assert.Equal(uid.ToString(), (await WaitForFileAsync(witness, server)).Trim());
    }

    [Fact]
    public async Task NonRootServerWarnsAndServes()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        string state = _dir.Sub("state");
        File.SetUnixFileMode(state, (UnixFileMode)0b111_111_111);
        await using var server = OurServer.Launch(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
            new Dictionary<string, string>(),
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);
        int port = await server.WaitListeningAsync();

        Assert.Contains("Failed to setuid/setgid to", server.Log);
        Assert.Contains("Operation not permitted", server.Log);
        var run = await Clients.OursAsync(keys.Debian, port, Limit);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    [Fact]
    public async Task RootWithoutSetuidCapabilityRefusesToStart()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        // capsh removes CAP_SETUID from the bounding set, so the exec'd server is root without it.
        await using var server = OurServer.Launch(["capsh", "--drop=cap_setuid", "--", "-c", "exec \"$0\" \"$@\""],
            new Dictionary<string, string>(),
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", _dir.Sub("state"));

        // The wait also waits for the last output lines.
        Assert.Equal(1, await server.WaitForExitAsync());
        // One clear line on standard error (the stack trace is only in the --debug log).
        Assert.Contains("mandos: Failed to setuid/setgid to", server.Log);
        Assert.Contains("without CAP_SETUID/CAP_SETGID", server.Log);
    }

    /// <summary>A state directory as Debian's package makes /var/lib/mandos: 0700, owned by _mandos.</summary>
    private string StateDirOwnedBy(uint uid, uint gid)
    {
        string state = _dir.Sub("state");
        File.SetUnixFileMode(state, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ProcessRunner.Run(mustSucceed: true, "chown", $"{uid}:{gid}", state);
        return state;
    }

    private static async Task<string> WaitForFileAsync(string path, OurServer server)
    {
        await Eventually.Until(() => File.Exists(path) && new FileInfo(path).Length > 0, $"the checker to write {path}", () => server.Log);
        return await File.ReadAllTextAsync(path);
    }
}
