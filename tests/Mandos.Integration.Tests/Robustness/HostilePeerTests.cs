using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Robustness;

/// <summary>
/// Garbage, half-open and wrong-kind peers are logged and dropped; the server stays up and a real
/// client is served during and after.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class HostilePeerTests(KeySetsFixture keys) : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private OurServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await OurServer.StartAsync(ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection]), _dir.Sub("state"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("hello\r\n", "\"hello\"")]
    [InlineData("2\r\n", "\"2\"")]
    [InlineData("one\r\n", "\"one\"")]
    [InlineData("\r\n", "\"\"")]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\n", "\"\\x16\\x03\\x01\\x02\\x00\\x01\"")]
    public async Task BadVersionLineIsRefusedAndLogged(string line, string logged)
    {
        using Socket s = await ConnectAsync();
        await s.SendAsync(Encoding.Latin1.GetBytes(line));
        Assert.Equal(0, await ReceiveUntilClosedAsync(s));
        await AssertServedAsync();
        Assert.Contains($"Unknown protocol version {logged}", _server.Log);
    }

    [Fact]
    public async Task MegabyteLineWithoutNewlineIsRefused()
    {
        using Socket s = await ConnectAsync();
        try
        {
            await s.SendAsync(new byte[1 << 20].Select(_ => (byte)'A').ToArray());
        }
        catch (SocketException)
        {
            // The server hung up before taking it all: that is the point.
        }
        Assert.Equal(0, await ReceiveUntilClosedAsync(s));
        await AssertServedAsync();
        Assert.Contains("version line longer than", _server.Log);
    }

    [Fact]
    public async Task PeerClosingMidHandshakeIsLogged()
    {
        using (Socket s = await ConnectAsync())
        {
            await s.SendAsync("1\r\n"u8.ToArray());
            byte[] hello = new byte[64];
            Assert.True(await s.ReceiveAsync(hello) > 0, "the server should start the handshake");
        }
        await WaitForLogAsync("Handshake failed with 127.0.0.1:");
        await AssertServedAsync();
    }

    [Fact]
    public async Task PeerOfferingX509InsteadOfRawKeyIsRefused()
    {
        using Socket s = await ConnectAsync();
        await s.SendAsync("1\r\n"u8.ToArray());
        using var ssl = new SslStream(new NetworkStream(s, ownsSocket: false));
        using X509Certificate2 certificate = SelfSignedCertificate();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
            byte[] buffer = new byte[1024];
            int n = await ssl.ReadAsync(buffer);
            Assert.Equal(0, n);
            throw new IOException("session ended without data");
        });
        await WaitForLogAsync("Handshake failed with 127.0.0.1:");
        Assert.DoesNotContain("Sending secret", _server.Log);
        await AssertServedAsync();
    }

    [Fact]
    public async Task ThousandIdleConnectionsDoNotStarveRealClient()
    {
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 1000; i++)
            {
                Socket s = await ConnectAsync();
                if (i % 2 == 0)
                {
                    await s.SendAsync("1\r\n"u8.ToArray());
                }
                idle.Add(s);
            }
            await AssertServedAsync(viaDebiansClient: true);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
        await AssertServedAsync();
    }

    private async Task<Socket> ConnectAsync()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, _server.Port);
        return s;
    }

    private static async Task<int> ReceiveUntilClosedAsync(Socket s)
    {
        byte[] buffer = new byte[4096];
        int total = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int n;
            while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            {
                total += n;
            }
        }
        catch (SocketException)
        {
            // Reset instead of FIN: closed all the same.
        }
        return total;
    }

    private Task WaitForLogAsync(string text) => _server.WaitForLogAsync(text);

    /// <summary>A real client still gets its password, well inside the limit.</summary>
    private async Task AssertServedAsync(bool viaDebiansClient = false)
    {
        Assert.False(_server.HasExited, "server died:\n" + _server.Log);
        TimeSpan limit = TimeSpan.FromSeconds(20);
        var run = viaDebiansClient
            ? await Clients.DebiansAsync(keys.Debian, _server.Port, limit, Path.Combine(_dir.Path, "hooks"))
            : await Clients.OursAsync(keys.Debian, _server.Port, limit);
        Assert.False(run.TimedOut, "client not served:\n" + run.Stderr + "\n" + _server.Log);
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=not-a-mandos-client", key, HashAlgorithmName.SHA256);
        using X509Certificate2 made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}
