using System.Net;
using System.Net.Sockets;
using System.Text;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>
/// Type=notify in the systemd unit: the published server sends READY=1 only once it listens
/// (and after dropping privileges, which the socket must allow), STOPPING=1 on SIGTERM.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerSystemdNotifyTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadyOnceListeningThenStoppingOnSigterm()
    {
        string socketPath = Path.Combine(_dir.Path, "notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));
        // systemd's own notify socket is world-writable: the server sends as _mandos.
        File.SetUnixFileMode(socketPath, (UnixFileMode)0b111_111_111);
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]);
        string state = _dir.Sub("state");
        File.SetUnixFileMode(state, (UnixFileMode)0b111_111_111);
        int port = FreePort.Next();

        await using var server = StartedServer.Start([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
            "--address", "127.0.0.1", "--port", port.ToString(), "--configdir", conf, "--statedir", state);

        Assert.StartsWith("READY=1", await ReceiveAsync(systemd, server));
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await probe.ConnectAsync(IPAddress.Loopback, port); // listening already, no retry
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", server.Pid.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd, server));
        using var exit = new CancellationTokenSource(Limit);
        await server.Process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, server.Process.ExitCode);
    }

    private static async Task<string> ReceiveAsync(Socket socket, StartedServer server)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no sd_notify datagram within the limit:\n" + server.Log);
            throw;
        }
    }
}
