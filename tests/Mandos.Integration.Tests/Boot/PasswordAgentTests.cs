using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Boot;

/// <summary>password-agent with real question files and a real datagram socket in a scratch agent directory.</summary>
[Lane(Lane.Loopback)]
public sealed class PasswordAgentTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly string _agentDir;

    public PasswordAgentTests() => _agentDir = _dir.Sub("ask-password");

    public void Dispose() => _dir.Dispose();

    private Socket Ask(string name, string notAfter = "0")
    {
        string socketPath = Path.Combine(_agentDir, "sck." + name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        string tmp = Path.Combine(_agentDir, "tmp." + name);
        File.WriteAllText(tmp, $"[Ask]\nPID={Environment.ProcessId}\nSocket={socketPath}\nAcceptCached=1\nEcho=0\nNotAfter={notAfter}\n" +
                               $"Message=Please enter passphrase for disk {name}\nId=cryptsetup:/dev/{name}\n");
        File.Move(tmp, Path.Combine(_agentDir, "ask." + name));
        return socket;
    }

    private string Client(string body, string shell = "/bin/sh")
    {
        string path = Path.Combine(_dir.Path, "client");
        File.WriteAllText(path, $"#!{shell}\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    private static string Receive(Socket socket)
    {
        socket.ReceiveTimeout = 20000;
        byte[] buffer = new byte[1024];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public async Task ClientPasswordAnswersEveryQuestion()
    {
        using Socket first = Ask("vda2");
        using Socket second = Ask("vdb");
        // sh -p: dash would otherwise give up the effective root the agent leaves the client.
        string client = Client("echo \"ids $(id -ru):$(id -u) helper $MANDOSPLUGINHELPERDIR args $*\" >&2; printf 'agent pw'", "/bin/sh -p");
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={_agentDir}", "--helper-directory=/h", "--user=1234", "--group=1234", "--", client, "--debug"], Limit);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("+agent pw\0", Receive(first));
        Assert.Equal("+agent pw\0", Receive(second));
        Assert.Contains("ids 1234:0 helper /h args --debug", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task NoQuestionFilesIsAFailure()
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={_agentDir}", "--", Client("printf x")], Limit);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("There are no question files", run.Stderr);
    }

    [Fact]
    public async Task MissingAgentDirectoryIsOsFile()
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={Path.Combine(_dir.Path, "none")}", "--", Client("printf x")], Limit);
        Assert.Equal(72, run.ExitCode);
    }

    [Fact]
    public async Task FailingClientEndsTheAgent()
    {
        using Socket q = Ask("vda2");
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={_agentDir}", "--", Client("printf partial; exit 3")], Limit);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Mandos client failed or was killed", run.Stderr);
    }

    [Fact]
    public async Task WithdrawnQuestionEndsTheAgentAndStopsTheClient()
    {
        using Socket q = Ask("vda2");
        string marker = Path.Combine(_dir.Path, "client-stopped");
        File.WriteAllText(marker, "");
        File.SetUnixFileMode(marker, (UnixFileMode)0b110_110_110);   // the client runs as nobody
        string client = Client($"trap 'echo TERM >> {marker}; kill $!; exit 1' TERM\nsleep 20 & echo started >> {marker}; wait");
        Task<ProcessRunner.Result> agent = ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={_agentDir}", "--", client], Limit);
        await Eventually.Until(() => File.ReadAllText(marker).Length > 0, "the agent to start the client");
        File.Delete(Path.Combine(_agentDir, "ask.vda2"));
        ProcessRunner.Result run = await agent;
        Assert.False(run.TimedOut);
        Assert.Equal(0, run.ExitCode);
        // Stopped, not run out: a client left to finish its 20 s would never write TERM.
        await Eventually.Until(() => File.ReadAllText(marker).Contains("TERM", StringComparison.Ordinal), "the client to be stopped", () => File.ReadAllText(marker));
        Assert.Equal("started\nTERM\n", File.ReadAllText(marker));
    }

    [Fact]
    public async Task ExpiredQuestionIsNotAnswered()
    {
        // NotAfter one second from now on CLOCK_MONOTONIC (Stopwatch's clock on Linux).
        ulong soon = (ulong)(Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000)) + 1_000_000;
        using Socket q = Ask("vda2", soon.ToString());
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-agent"),
            [$"--agent-directory={_agentDir}", "--", Client("sleep 3; printf late")], Limit);
        Assert.Equal(0, run.ExitCode);
        q.Blocking = false;
        Assert.Throws<SocketException>(() => q.Receive(new byte[64]));
    }
}
