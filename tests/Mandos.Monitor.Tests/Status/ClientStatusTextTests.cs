using Mandos.Monitor.Status;

namespace Mandos.Monitor.Tests.Status;

[Lane(Lane.Unit)]
public sealed class ClientStatusTextTests
{
    private static readonly DateTime Now = new(2024, 5, 6, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void HealthyClientIsEnabled() => Assert.Equal("web: enabled", ClientStatusText.For(ClientFactory.Make("web"), Now));

    [Fact]
    public void DisabledWinsOverEverything() =>
        Assert.Equal("web: DISABLED", ClientStatusText.For(ClientFactory.Make("web", ("Enabled", false), ("ApprovalPending", true),
            ("LastCheckerStatus", (short)1)), Now));

    [Fact]
    public void PendingApprovalDeniedByDefaultCountsDownToDenial()
    {
        var client = ClientFactory.Make("db", ("ApprovalPending", true), ("ApprovedByDefault", false), ("ApprovalDelay", 60_000UL),
            ("LastApprovalRequest", "2024-05-06T11:59:49.500000"));
        Assert.Equal("db: Denial in 0:00:49. (a)pprove?", ClientStatusText.For(client, Now));
        Assert.True(ClientStatusText.IsCountingDown(client));
    }

    [Fact]
    public void PendingApprovalApprovedByDefaultCountsDownToApproval()
    {
        var client = ClientFactory.Make("db", ("ApprovalPending", true), ("ApprovalDelay", 3_600_000UL),
            ("LastApprovalRequest", "2024-05-06T12:00:00"));
        Assert.Equal("db: Approval in 1:00:00. (d)eny?", ClientStatusText.For(client, Now));
    }

    [Theory]
    [InlineData(4_294_967_297UL, "49 days, 17:02:47")] // 2^32 ms + 1
    [InlineData(604_800_000_000UL, "7000 days, 0:00:00")] // P1000W
    [InlineData(922_337_203_685_477UL, "10675199 days, 2:48:05")] // the longest duration our server keeps
    public void PendingApprovalOfYearsCountsDownInDays(ulong delay, string shown)
    {
        var client = ClientFactory.Make("db", ("ApprovalPending", true), ("ApprovalDelay", delay), ("LastApprovalRequest", "2024-05-06T12:00:00"));
        Assert.Equal($"db: Approval in {shown}. (d)eny?", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void ApprovalDelayBeyondATimeSpanStillShows()
    {
        // Python's timedelta reaches 999,999,999 days; Debian's server may report that much.
        var client = ClientFactory.Make("db", ("ApprovalPending", true), ("ApprovalDelay", 86_399_999_999_999_999UL),
            ("LastApprovalRequest", "2024-05-06T12:00:00"));
        Assert.Equal("db: Approval in 10675199 days, 2:48:05. (d)eny?", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void CheckerFailureWithExpiryInTheYear9999CountsDown()
    {
        var client = ClientFactory.Make("nas", ("LastCheckerStatus", (short)1), ("Expires", "9999-12-31T23:59:59.999999"));
        Assert.Equal("nas: A checker has failed! Time until client gets disabled: 2913047 days, 11:59:59", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void OverduePendingApprovalShowsZero()
    {
        var client = ClientFactory.Make("db", ("ApprovalPending", true), ("ApprovalDelay", 1000UL), ("LastApprovalRequest", "2024-05-06T11:00:00"));
        Assert.Equal("db: Approval in 0:00:00. (d)eny?", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void FailedCheckerCountsDownToExpiry()
    {
        var client = ClientFactory.Make("nas", ("LastCheckerStatus", (short)1), ("Expires", "2024-05-06T12:04:59.000001"));
        Assert.Equal("nas: A checker has failed! Time until client gets disabled: 0:04:59", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void NoCheckerYetCountsAsFailedAsUpstream()
    {
        var client = ClientFactory.Make("nas", ("LastCheckerStatus", (short)-2));
        Assert.Equal("nas: A checker has failed! Time until client gets disabled: 0:00:00", ClientStatusText.For(client, Now));
    }

    [Fact]
    public void EnabledHealthyClientHasNoCountdown() => Assert.False(ClientStatusText.IsCountingDown(ClientFactory.Make("web")));
}
