using System.Net;
using System.Net.Sockets;
using System.Text;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Hosting;

/// <summary>
/// Type=notify in the systemd unit: the published server sends READY=1 only once it listens
/// (and after dropping privileges, which the socket must allow), STOPPING=1 on SIGTERM.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ServerSystemdNotifyTests(KeySetsFixture keys) : IDisposable
{
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
        await using var server = OurServer.Launch([], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
            "--address", "127.0.0.1", "--port", "0", "--configdir", conf, "--statedir", state);

        Assert.StartsWith("READY=1", await ReceiveAsync(systemd, server));
        // Logged before READY=1, so already there: the port the kernel picked.
        int port = await server.WaitListeningAsync();
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await probe.ConnectAsync(IPAddress.Loopback, port); // listening already, no retry
        }

        server.Terminate();
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd, server));
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    private static async Task<string> ReceiveAsync(Socket socket, OurServer server)
    {
        byte[] buffer = new byte[4096];
        int length = await Eventually.Happens(socket.ReceiveAsync(buffer, SocketFlags.None), "an sd_notify datagram", () => server.Log);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
