using System.Net;
using System.Net.Sockets;
using Mandos.Core.Protocol;
using Xunit;

namespace Mandos.Core.Tests.Protocol;

public sealed class VersionLineTests
{
    [Lane(Lane.Unit)]
    [Theory]
    [InlineData("1", true)]
    [InlineData("1 extra fields", true)]
    [InlineData("  1  ", true)]
    [InlineData("0", true)]
    [InlineData("-3", true)]
    [InlineData("2", false)]
    [InlineData("", false)]
    [InlineData("one", false)]
    [InlineData("1.0", false)]
    [InlineData("99999999999999999999", false)]
    public void AcceptsWhatUpstreamAccepts(string line, bool accepted) =>
        Assert.Equal(accepted, VersionLine.IsAcceptable(line));

    [Lane(Lane.Loopback)]
    [Fact]
    public async Task ReadsTheLineAndNotOneByteMore()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            await client.SendAsync("1\r\n\u0016TLS"u8.ToArray());
            string line = await VersionLine.ReadAsync(server, CancellationToken.None);
            Assert.Equal("1", line);
            byte[] rest = new byte[4];
            Assert.Equal(4, await server.ReceiveAsync(rest));
            Assert.Equal("\u0016TLS"u8.ToArray(), rest);
        }
    }

    [Lane(Lane.Loopback)]
    [Fact]
    public async Task LineArrivingInPiecesIsJoined()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            Task<string> reading = VersionLine.ReadAsync(server, CancellationToken.None);
            await client.SendAsync("1"u8.ToArray());
            await Task.Delay(50);
            await client.SendAsync("\r\n"u8.ToArray());
            Assert.Equal("1", await reading);
        }
    }

    [Lane(Lane.Loopback)]
    [Fact]
    public async Task EndlessLineIsRefused()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            await client.SendAsync(Enumerable.Repeat((byte)'7', VersionLine.MaxLength + 10).ToArray());
            var e = await Assert.ThrowsAsync<ProtocolException>(() => VersionLine.ReadAsync(server, CancellationToken.None));
            Assert.Contains("longer than", e.Message);
        }
    }

    [Lane(Lane.Loopback)]
    [Fact]
    public async Task PeerClosingBeforeNewlineIsRefused()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        {
            await client.SendAsync("1"u8.ToArray());
            client.Dispose();
            await Assert.ThrowsAsync<ProtocolException>(() => VersionLine.ReadAsync(server, CancellationToken.None));
        }
    }

    private static async Task<(Socket Server, Socket Client)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        Socket server = await listener.AcceptAsync();
        return (server, client);
    }
}
