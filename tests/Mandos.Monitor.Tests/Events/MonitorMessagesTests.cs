using Mandos.Core.Logging;
using Mandos.Monitor.Events;

namespace Mandos.Monitor.Tests.Events;

[Lane(Lane.Unit)]
public sealed class MonitorMessagesTests
{
    [Fact]
    public void NeedApprovalDeniedByDefaultPrintsSecondsWithSixDecimals() =>
        Assert.Equal(new LogMessage(LogLevel.Info, "Client db needs approval within 60.000000 seconds"),
            MonitorMessages.NeedApproval("db", 60_000, approvedByDefault: false));

    [Fact]
    public void NeedApprovalApprovedByDefault() =>
        Assert.Equal("Client db will get its secret in 1.500000 seconds", MonitorMessages.NeedApproval("db", 1500, approvedByDefault: true).Text);

    [Fact]
    public void SecretRejectionAndUnknownClient()
    {
        Assert.Equal("Client db received its secret", MonitorMessages.GotSecret("db").Text);
        Assert.Equal("Client db was rejected; reason: Denied", MonitorMessages.Rejected("db", "Denied").Text);
        Assert.Equal("Client with address 127.0.0.1 and key ID ABCD could not be found", MonitorMessages.ClientNotFound("ABCD", "127.0.0.1").Text);
    }

    [Fact]
    public void CheckerExitCodeComesFromTheWaitStatus()
    {
        LogMessage? failed = MonitorMessages.CheckerCompleted("nas", 3, 3 << 8, "fping -q -- nas");
        Assert.Equal(new LogMessage(LogLevel.Info, "Checker for client nas (command \"fping -q -- nas\") failed with exit code 3"), failed);
    }

    [Fact]
    public void CheckerKilledBySignal() =>
        Assert.Equal("Checker for client nas (command \"sleep 9\") was killed by signal 9", MonitorMessages.CheckerCompleted("nas", -1, 9, "sleep 9")!.Text);

    [Fact]
    public void CheckerSuccessIsDebug() =>
        Assert.Equal(new LogMessage(LogLevel.Debug, "Checker for client nas (command \"true\") succeeded"), MonitorMessages.CheckerCompleted("nas", 0, 0, "true"));

    [Fact]
    public void StoppedCheckerLogsNothing() => Assert.Null(MonitorMessages.CheckerCompleted("nas", -1, 0x137f, "x"));

    [Fact]
    public void DebugMessages()
    {
        Assert.Equal(new LogMessage(LogLevel.Debug, "Client nas started checker \"true\""), MonitorMessages.CheckerStarted("nas", "true"));
        Assert.Equal(new LogMessage(LogLevel.Debug, "Created client nas"), MonitorMessages.ClientCreated("nas"));
        Assert.Equal("Log visibility changed to: False", MonitorMessages.LogVisibility(false).Text);
        Assert.Equal("Wrap mode: clip", MonitorMessages.WrapMode(false).Text);
    }

    [Fact]
    public void NotesAreWarnings()
    {
        Assert.Equal(new LogMessage(LogLevel.Warning, "Note: No Mandos server running."), MonitorMessages.NoServer);
        Assert.Equal(new LogMessage(LogLevel.Warning, "Note: Server has no clients."), MonitorMessages.NoClients);
    }
}
