using Mandos.Core.Logging;
using Mandos.Monitor.Events;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Monitor.Tests.Events;

[Lane(Lane.Unit)]
public sealed class MonitorLogTests
{
    private static FakeTimeProvider Clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 12, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    [Fact]
    public void LinesAreStampedAsPythonLoggingDoes()
    {
        var log = new MonitorLog(Clock());
        log.Write(new LogMessage(LogLevel.Info, "Client db received its secret"));
        Assert.Equal(new LogLine("2024-05-06 07:08:09,012: Client db received its secret", false), Assert.Single(log.Lines));
    }

    [Fact]
    public void AboveInfoIsBold()
    {
        var log = new MonitorLog(Clock());
        log.Write(MonitorMessages.NoServer);
        Assert.True(Assert.Single(log.Lines).Bold);
    }

    [Fact]
    public void DebugShowsOnlyInVerboseMode()
    {
        var log = new MonitorLog(Clock());
        log.Write(MonitorMessages.ClientCreated("db"));
        Assert.Empty(log.Lines);
        log.ToggleVerbose();
        log.Write(MonitorMessages.ClientCreated("db"));
        Assert.EndsWith("Verbose mode: On", log.Lines[0].Text);
        Assert.EndsWith("Created client db", log.Lines[1].Text);
        log.ToggleVerbose();
        Assert.EndsWith("Verbose mode: Off", log.Lines[2].Text);
    }

    [Fact]
    public void KeepsTheNewestThousandLines()
    {
        var log = new MonitorLog(Clock());
        for (int i = 0; i < 1005; i++)
        {
            log.WriteBold("line " + i);
        }
        Assert.Equal(1000, log.Lines.Count);
        Assert.Equal("line 5", log.Lines[0].Text);
        Assert.Equal("line 1004", log.Lines[^1].Text);
    }
}
