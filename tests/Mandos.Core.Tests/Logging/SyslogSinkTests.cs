using System.Net.Sockets;
using System.Text;
using Mandos.Core.Logging;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.Logging;

[Lane(Lane.Unit)]
public sealed class SyslogSinkTests
{
    [Fact]
    public void RecordsAreTaggedAsUpstreamWithDaemonFacility()
    {
        using var dir = new TempDir("mandos-syslog-", TempDir.Private);
        string path = dir.File("log");
        using var syslog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        syslog.Bind(new UnixDomainSocketEndPoint(path));
        using var sink = new SyslogSink(path) { Tag = "Mandos (other)" };
        Assert.True(sink.Connected);
        new Log(LogLevel.Info, sink).Warning("Client not found for key ID: AB, address: 127.0.0.1:1");
        byte[] buffer = new byte[512];
        int n = syslog.Receive(buffer);
        Assert.Equal($"<28>Mandos (other) [{Environment.ProcessId}]: WARNING: Client not found for key ID: AB, address: 127.0.0.1:1",
            Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Fact]
    public void MissingSyslogIsNotAnError()
    {
        using var sink = new SyslogSink("/nonexistent/dev/log");
        Assert.False(sink.Connected);
        sink.Write(LogLevel.Error, "dropped quietly");
    }

    [Fact]
    public void RecordsBelowTheLevelAreDropped()
    {
        var seen = new List<string>();
        var log = new Log(LogLevel.Warning, new ListSink(seen));
        log.Info("no");
        log.Debug("no");
        log.Warning("yes");
        log.Critical("yes");
        Assert.Equal(["yes", "yes"], seen);
    }

    private sealed class ListSink(List<string> seen) : ILogSink
    {
        public void Write(LogLevel level, string message) => seen.Add(message);
    }
}
