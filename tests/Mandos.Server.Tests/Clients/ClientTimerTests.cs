using Mandos.Server.Clients;
using Xunit;

namespace Mandos.Server.Tests.Clients;

/// <summary>Upstream's timer rules (docs/compatibility.md, "Timers"), rule by rule, on a fake clock.</summary>
[Lane(Lane.Unit)]
public sealed class ClientTimerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void StartupExpiryIsRandomDelayPlusIntervalNotTimeout()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(30_000));
        Assert.Equal(f.Now + TimeSpan.FromSeconds(30) + Interval, f.Client.Expires);
        Assert.Empty(f.Checkers.Started);
        f.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(f.Checkers.Started);
    }

    [Fact]
    public void CheckerRepeatsEveryIntervalButNeverTwiceAtOnce()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Advance(TimeSpan.Zero);
        Assert.Single(f.Checkers.Started);
        f.Checkers.Last.Exit(0, f.Client); // expiry now 5 min away
        f.Advance(Interval);
        Assert.Equal(2, f.Checkers.Started.Count);
        f.Advance(Interval); // the second one is still running: no third
        Assert.Equal(2, f.Checkers.Started.Count);
        Assert.True(f.Client.CheckerRunning);
        Assert.False(f.Checkers.Last.Killed);
    }

    [Fact]
    public void CheckerSuccessPostponesExpiryToNowPlusTimeout()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Advance(TimeSpan.FromSeconds(10));
        f.Checkers.Last.Exit(0, f.Client);
        Assert.Equal(f.Now + Timeout, f.Client.Expires);
        Assert.Equal(f.Now, f.Client.LastCheckedOk);
        Assert.Equal(0, f.Client.LastCheckerStatus);
    }

    [Fact]
    public void FailingCheckerDoesNotDisableButExpiryDoes()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Advance(TimeSpan.Zero);
        f.Checkers.Last.Exit(1, f.Client);
        Assert.True(f.Client.Settings.Enabled);
        Assert.Equal(1, f.Client.LastCheckerStatus);
        f.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.True(f.Client.Settings.Enabled);
        f.Checkers.Last.Exit(1, f.Client);
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.False(f.Client.Settings.Enabled);
        Assert.Null(f.Client.Expires);
    }

    [Fact]
    public void ExpiryStopsTheRunningChecker()
    {
        using var f = new ClientFixture(s => s with { Interval = TimeSpan.FromMinutes(10) });
        f.Client.Start(new FixedRandom(0));
        f.Advance(TimeSpan.Zero);
        FakeChecker slow = f.Checkers.Last;
        f.Advance(TimeSpan.FromMinutes(10));
        Assert.False(f.Client.Settings.Enabled);
        Assert.True(slow.Killed);
        Assert.False(f.Client.CheckerRunning);
    }

    [Fact]
    public void EnableSetsExpiryToTwoIntervalsAndChecksAfterOne()
    {
        using var f = new ClientFixture(s => s with { Enabled = false });
        f.Client.Start(new FixedRandom(0));
        Assert.Null(f.Client.Expires);
        f.Advance(TimeSpan.FromMinutes(1));
        f.Client.Enable();
        Assert.True(f.Client.Settings.Enabled);
        Assert.Equal(f.Now, f.Client.LastEnabled);
        Assert.Equal(f.Now + 2 * Interval, f.Client.Expires);
        f.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Empty(f.Checkers.Started);
        f.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(f.Checkers.Started);
    }

    [Fact]
    public void DisabledClientIsNotReenabledByBumpOrCheckedOk()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Client.Disable();
        f.Client.BumpTimeout(TimeSpan.FromHours(1));
        f.Client.CheckedOk();
        Assert.False(f.Client.Settings.Enabled);
        Assert.Null(f.Client.Expires);
    }

    [Fact]
    public void SecretSentExtendsExpiryByExtendedTimeout()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Advance(TimeSpan.FromSeconds(5));
        f.Client.SecretSent();
        Assert.Equal(f.Now + TimeSpan.FromMinutes(15), f.Client.Expires);
    }

    [Fact]
    public void ChangingTimeoutMovesExpiryAndMayDisableAtOnce()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(0));
        f.Client.CheckedOk();
        DateTime expires = f.Client.Expires!.Value;
        f.Client.SetTimeout(TimeSpan.FromMinutes(10));
        Assert.Equal(expires + TimeSpan.FromMinutes(5), f.Client.Expires);
        f.Advance(TimeSpan.FromMinutes(3));
        f.Client.SetTimeout(TimeSpan.FromMinutes(1));
        Assert.False(f.Client.Settings.Enabled);
    }

    [Fact]
    public void ChangingIntervalStartsACheckerNow()
    {
        using var f = new ClientFixture();
        f.Client.Start(new FixedRandom(60_000));
        f.Client.SetInterval(TimeSpan.FromSeconds(30));
        Assert.Single(f.Checkers.Started);
        f.Checkers.Last.Exit(0, f.Client);
        f.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, f.Checkers.Started.Count);
    }

    [Fact]
    public void CheckerCommandGetsQuotedAttributes()
    {
        using var f = new ClientFixture(s => s with { Host = "a host; rm -rf /" });
        f.Client.StartChecker();
        Assert.Equal("fping -q -- 'a host; rm -rf /'", f.Checkers.Last.Command);
    }

    [Fact]
    public void BadCheckerFormatStartsNothingAndKeepsTheClient()
    {
        using var f = new ClientFixture(s => s with { Checker = "echo %(nosuch)s" });
        f.Client.StartChecker();
        Assert.Empty(f.Checkers.Started);
        Assert.True(f.Client.Settings.Enabled);
    }

    private sealed class FixedRandom(long value) : Random
    {
        public override long NextInt64(long maxValue) => Math.Min(value, maxValue - 1);
    }
}
