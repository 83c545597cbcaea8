using System.Net.Sockets;
using System.Text;
using Mandos.Server.Hosting;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.Hosting;

/// <summary>The sd_notify datagrams, received on a socket standing in for systemd's.</summary>
[Lane(Lane.Unit)]
public sealed class SystemdNotifierTests : IDisposable
{
    private readonly TempDir _dir = new("mandos-notify-", TempDir.Private);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadyIsOneDatagramToThePathSocket()
    {
        string path = _dir.File("notify");
        using Socket systemd = Bind(new UnixDomainSocketEndPoint(path));

        string? problem = new SystemdNotifier(path).Ready();

        Assert.Null(problem);
        Assert.Equal("READY=1", Receive(systemd));
    }

    [Fact]
    public void AtSignMeansTheAbstractNamespace()
    {
        string name = $"mandos-test-{Guid.NewGuid():N}";
        using Socket systemd = Bind(new UnixDomainSocketEndPoint("\0" + name));

        string? problem = new SystemdNotifier("@" + name).Ready();

        Assert.Null(problem);
        Assert.Equal("READY=1", Receive(systemd));
        Assert.False(File.Exists("@" + name));
    }

    [Fact]
    public void StatusAndStoppingAreSentAsAssignments()
    {
        string path = _dir.File("notify");
        using Socket systemd = Bind(new UnixDomainSocketEndPoint(path));
        var notifier = new SystemdNotifier(path);

        notifier.Ready("Listening on port 1234");
        notifier.Stopping();

        Assert.Equal("READY=1\nSTATUS=Listening on port 1234", Receive(systemd));
        Assert.Equal("STOPPING=1", Receive(systemd));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void WithoutNotifySocketNothingIsSent(string? variable)
    {
        var notifier = new SystemdNotifier(variable);

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.Problem);
        Assert.Null(notifier.Ready());
        Assert.Null(notifier.Stopping());
    }

    [Fact]
    public void UnreachableSocketIsAWarningNotAnError()
    {
        string? problem = new SystemdNotifier(_dir.File("nobody-listens")).Ready();

        Assert.NotNull(problem);
        Assert.Contains("nobody-listens", problem);
    }

    [Fact]
    public void NonUnixAddressIsReportedAndIgnored()
    {
        var notifier = new SystemdNotifier("vsock:2:1234");

        Assert.False(notifier.IsEnabled);
        Assert.Contains("vsock:2:1234", notifier.Problem);
        Assert.Null(notifier.Ready());
    }

    private static Socket Bind(UnixDomainSocketEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(endPoint);
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        byte[] buffer = new byte[4096];
        int length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
