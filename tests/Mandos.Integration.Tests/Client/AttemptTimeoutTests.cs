using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Client;

/// <summary>
/// Our real mandos-client against servers that stall: each attempt ends at <c>--timeout</c> with
/// one warning naming the server, and the client connects again. The limits below only keep a
/// broken client from hanging the run; nothing asserts how long an attempt took.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed partial class AttemptTimeoutTests(KeySetsFixture keys) : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StallingServerIsGivenUpAndTriedAgain(bool readVersionLine)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using BackgroundProcess client = StartClient(port);
        var held = new List<Socket>();
        try
        {
            using var guard = new CancellationTokenSource(HangGuard);
            for (int accepted = 0; accepted < 2; accepted++)
            {
                Socket peer = await listener.AcceptSocketAsync(guard.Token);
                held.Add(peer);
                if (readVersionLine)
                {
                    byte[] line = new byte[3];
                    int got = 0;
                    while (got < line.Length)
                    {
                        got += await peer.ReceiveAsync(line.AsMemory(got), SocketFlags.None, guard.Token);
                    }
                    Assert.Equal("1\r\n"u8.ToArray(), line);
                }
                // Then nothing: neither a TLS ClientHello nor a close.
            }
            await WaitForOutputAsync(client, $"Server 127.0.0.1:{port} did not finish within 1 s (--timeout)");
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ServerHoldingTheConnectionAfterTheHandshakeIsGivenUpAndTriedAgain()
    {
        // The server holds an unapproved client's connection for a minute after the handshake.
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection + "approval_delay = PT1M\napproved_by_default = False\n"]);
        await using OurServer server = await OurServer.StartAsync(conf, _dir.Sub("state"));
        await using BackgroundProcess client = StartClient(server.Port);
        await server.WaitForLogAsync(TwoApprovalRequests());
        await WaitForOutputAsync(client, $"Server 127.0.0.1:{server.Port} did not finish within 1 s (--timeout)");
        Assert.DoesNotContain("handshake", client.Output, StringComparison.Ordinal);
    }

    private BackgroundProcess StartClient(int port) =>
        ProcessRunner.Start(RepoPaths.Program("mandos-client"),
        [
            $"--connect=127.0.0.1:{port}", "--interface=none", "--timeout=1", "--retry=0",
            $"--network-hook-dir={_dir.Sub("hooks")}",
            $"--seckey={keys.Debian.SecKey}", $"--tls-pubkey={keys.Debian.TlsPubKey}", $"--tls-privkey={keys.Debian.TlsPrivKey}",
        ]);

    private static async Task WaitForOutputAsync(BackgroundProcess client, string text)
    {
        await client.WaitForOutputAsync(text);
        Assert.False(client.HasExited, "the client should go on trying:\n" + client.Output);
    }

    [GeneratedRegex("needs approval(.|\n)*needs approval")]
    private static partial Regex TwoApprovalRequests();
}
