using Mandos.Core.Config;
using Mandos.Server.Clients;
using Mandos.Server.DBus;
using Tmds.DBus.Protocol;
using Xunit;

namespace Mandos.Server.Tests.Clients;

/// <summary>
/// Durations past what the runtime's timers take (2^32 − 2 ms, about 49.7 days), as clients.conf
/// allows them (<c>timeout = P10W</c>): every timer of a client fires at exactly its due time,
/// and instants past the year 9999 stay at its end instead of throwing.
/// </summary>
[Lane(Lane.Unit)]
public sealed class ClientLongDurationTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static ClientFixture Long(TimeSpan duration) => new(s => s with
    {
        Timeout = duration,
        Interval = duration,
        ExtendedTimeout = duration,
        ApprovalDelay = duration,
        ApprovalDuration = duration,
        ApprovedByDefault = false,
    });

    [Theory]
    [InlineData(4_294_967_295L)] // 2^32 ms - 1
    [InlineData(4_294_967_296L)] // 2^32 ms
    [InlineData(4_294_967_297L)] // 2^32 ms + 1
    [InlineData(604_800_000_000L)] // P1000W
    public void ExpiryDisablesAtTimeoutAndNotATickBefore(long milliseconds)
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(milliseconds);
        using ClientFixture f = Long(timeout);
        f.Client.Start(new Random(1));
        f.Client.CheckedOk();
        Assert.Equal(f.Now + timeout, f.Client.Expires);
        f.Advance(timeout - Tick);
        Assert.True(f.Client.Settings.Enabled);
        f.Advance(Tick);
        Assert.False(f.Client.Settings.Enabled);
    }

    [Fact]
    public void CheckerRunsEveryIntervalOfTenWeeks()
    {
        TimeSpan interval = DurationParser.Parse("P10W");
        using ClientFixture f = new(s => s with { Interval = interval, Timeout = DurationParser.Parse("P1000W") });
        f.Client.Start(new Random(1));
        f.Advance(interval); // the random first delay is at most one interval
        Assert.Single(f.Checkers.Started);
        f.Checkers.Last.Exit(0, f.Client);
        f.Advance(interval - Tick);
        Assert.Single(f.Checkers.Started);
        f.Advance(Tick);
        Assert.Equal(2, f.Checkers.Started.Count);
    }

    [Fact]
    public void ExtendedTimeoutOfTenWeeksAfterTheSecretWentOut()
    {
        TimeSpan extended = DurationParser.Parse("P10W");
        using ClientFixture f = new(s => s with { ExtendedTimeout = extended });
        f.Client.Start(new Random(1));
        f.Client.SecretSent();
        Assert.Equal(f.Now + extended, f.Client.Expires);
    }

    [Fact]
    public async Task ApprovalDelayOfTenWeeksEndsAtItsTimeAndNotBefore()
    {
        TimeSpan delay = DurationParser.Parse("P10W");
        using ClientFixture f = Long(delay);
        f.Client.Start(new Random(1));
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        f.Advance(delay - Tick);
        Assert.False(request.IsCompleted);
        f.Advance(Tick);
        Assert.Same(ApprovalOutcome.TimedOut, await request);
    }

    [Fact]
    public void ApprovalDurationOfTenWeeksLastsExactly()
    {
        TimeSpan duration = DurationParser.Parse("P10W");
        using ClientFixture f = Long(duration);
        f.Client.Approve(true);
        f.Advance(duration - Tick);
        Assert.True(f.Client.Approved);
        f.Advance(Tick);
        Assert.Null(f.Client.Approved);
    }

    [Fact]
    public void TheLongestDurationNeverOverflowsTheDate()
    {
        TimeSpan longest = DurationParser.Parse($"PT{TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond}S");
        using ClientFixture f = Long(longest);
        f.Client.Start(new Random(1));
        f.Client.CheckedOk();
        Assert.Equal(DateTime.MaxValue, f.Client.Expires);
        Assert.Equal(BusValue.Of(DateTime.MaxValue), ClientBusProperties.Find("Expires")!.Read!(f.Client));
        f.Client.SetTimeout(longest - TimeSpan.FromDays(1));
        Assert.True(f.Client.Settings.Enabled);
        f.Advance(TimeSpan.FromDays(365 * 100));
        Assert.True(f.Client.Settings.Enabled);
    }

    [Theory]
    [InlineData("Timeout")]
    [InlineData("Interval")]
    [InlineData("ExtendedTimeout")]
    [InlineData("ApprovalDelay")]
    [InlineData("ApprovalDuration")]
    public void BusPropertiesCarryYearsAsMillisecondsBothWays(string property)
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        ClientBusProperty p = ClientBusProperties.Find(property)!;
        foreach (ulong ms in new ulong[] { 4_294_967_295, 4_294_967_296, 4_294_967_297, 604_800_000_000, 922_337_203_685_477 })
        {
            p.Write!(f.Client, VariantValue.UInt64(ms));
            Assert.Equal(new BusValue("t", ms), p.Read!(f.Client));
        }
        Assert.Throws<BusArgumentException>(() => p.Write!(f.Client, VariantValue.UInt64(922_337_203_685_478)));
        Assert.Throws<BusArgumentException>(() => p.Write!(f.Client, VariantValue.UInt64(ulong.MaxValue)));
    }
}
