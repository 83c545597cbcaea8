using Mandos.Core.Config;
using Mandos.Core.Timing;
using Mandos.Testing.Waiting;
using Xunit;

namespace Mandos.Core.Tests.Timing;

/// <summary>
/// Timers for configured durations past what the runtime's timers take (2^32 − 2 ms, about
/// 49.7 days) fire at exactly their due time and never before, on a clock that can run for all
/// of a TimeSpan's range.
/// </summary>
[Lane(Lane.Unit)]
public sealed class LongTimerTests
{
    private const long TwoTo32Ms = 1L << 32;

    public static TheoryData<string, TimeSpan> EdgeDurations => new()
    {
        { "2^32 ms - 2 (the runtime's longest)", TimeSpan.FromMilliseconds(TwoTo32Ms - 2) },
        { "2^32 ms - 1", TimeSpan.FromMilliseconds(TwoTo32Ms - 1) },
        { "2^32 ms", TimeSpan.FromMilliseconds(TwoTo32Ms) },
        { "2^32 ms + 1", TimeSpan.FromMilliseconds(TwoTo32Ms + 1) },
        { "P10W", DurationParser.Parse("P10W") },
        { "P1000W", DurationParser.Parse("P1000W") },
        { "the longest duration the parser takes", Longest() },
    };

    // A delay of the longest duration would take two million stretches to run through; these
    // cover the edges and a wait of many stretches.
    public static TheoryData<string, TimeSpan> DelayDurations => new()
    {
        { "2^32 ms - 1", TimeSpan.FromMilliseconds(TwoTo32Ms - 1) },
        { "2^32 ms", TimeSpan.FromMilliseconds(TwoTo32Ms) },
        { "2^32 ms + 1", TimeSpan.FromMilliseconds(TwoTo32Ms + 1) },
        { "P1000W", DurationParser.Parse("P1000W") },
    };

    // The parser sums whole seconds into TimeSpan ticks and refuses an overflow.
    private static TimeSpan Longest()
    {
        long seconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond;
        Assert.False(DurationParser.TryParse($"PT{seconds + 1}S", out _));
        return DurationParser.Parse($"PT{seconds}S");
    }

    [Theory]
    [MemberData(nameof(EdgeDurations))]
    public void OneShotFiresAtItsDueTimeAndNotATickBefore(string name, TimeSpan due)
    {
        var clock = new StretchClock();
        int fired = 0;
        using LongTimer timer = LongTimer.Once(clock, () => fired++, due);

        clock.Advance(due - TimeSpan.FromTicks(1));
        Assert.True(fired == 0, $"{name}: fired before its due time");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(fired == 1, $"{name}: did not fire at its due time");
        Assert.True(clock.LongestArm <= LongTimer.MaxSingleWait);
        Assert.Equal(0, clock.Pending); // one shot: nothing left armed
    }

    [Fact]
    public void PeriodicTimerFiresEveryPeriodOfYears()
    {
        var clock = new StretchClock();
        TimeSpan first = TimeSpan.FromMilliseconds(TwoTo32Ms + 1);
        TimeSpan period = DurationParser.Parse("P1000W");
        int fired = 0;
        using LongTimer timer = LongTimer.Start(clock, () => fired++, first, period);

        clock.Advance(first);
        Assert.Equal(1, fired);
        clock.Advance(period - TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2, fired);
        clock.Advance(period);
        Assert.Equal(3, fired);
    }

    [Fact]
    public void ChangeDuringALongWaitCountsFromTheChange()
    {
        var clock = new StretchClock();
        TimeSpan due = DurationParser.Parse("P10W");
        int fired = 0;
        using LongTimer timer = LongTimer.Once(clock, () => fired++, due);
        clock.Advance(TimeSpan.FromDays(60)); // one stretch of 49.7 days is over
        timer.Change(due, Timeout.InfiniteTimeSpan);

        clock.Advance(due - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void DisposedTimerNeverFires()
    {
        var clock = new StretchClock();
        int fired = 0;
        LongTimer timer = LongTimer.Once(clock, () => fired++, DurationParser.Parse("P10W"));
        clock.Advance(TimeSpan.FromDays(50));
        timer.Dispose();
        clock.Advance(DurationParser.Parse("P1000W"));
        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Theory]
    [MemberData(nameof(DelayDurations))]
    public async Task DelayEndsAtItsDueTimeAndNotATickBefore(string name, TimeSpan delay)
    {
        var clock = new StretchClock();
        Task waiting = LongDelay.Wait(delay, clock, CancellationToken.None);
        TimeSpan left = delay;
        while (left > LongTimer.MaxSingleWait)
        {
            await Eventually.Until(() => clock.Pending == 1, $"{name}: the next stretch is armed");
            clock.Advance(LongTimer.MaxSingleWait);
            left -= LongTimer.MaxSingleWait;
            Assert.False(waiting.IsCompleted, $"{name}: ended early");
        }
        await Eventually.Until(() => clock.Pending == 1, $"{name}: the last stretch is armed");
        clock.Advance(left - TimeSpan.FromTicks(1));
        Assert.False(waiting.IsCompleted, $"{name}: ended a tick early");
        clock.Advance(TimeSpan.FromTicks(1));
        await Eventually.Happens(waiting, $"{name}: the delay ends");
    }
}
