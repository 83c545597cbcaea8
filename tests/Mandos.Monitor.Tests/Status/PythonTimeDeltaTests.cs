using Mandos.Monitor.Status;

namespace Mandos.Monitor.Tests.Status;

[Lane(Lane.Unit)]
public sealed class PythonTimeDeltaTests
{
    [Theory]
    [InlineData(0, "0:00:00")]
    [InlineData(59.999, "0:00:59")]
    [InlineData(60, "0:01:00")]
    [InlineData(3723, "1:02:03")]
    [InlineData(86399, "23:59:59")]
    [InlineData(86400, "1 day, 0:00:00")]
    [InlineData(2 * 86400 + 4 * 3600 + 5 * 60 + 6, "2 days, 4:05:06")]
    public void FormatsLikePythonsTimedeltaWithoutTheFraction(double seconds, string expected) =>
        Assert.Equal(expected, PythonTimeDelta.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void NegativeSpansCountAsZero() => Assert.Equal("0:00:00", PythonTimeDelta.Format(TimeSpan.FromSeconds(-5)));
}
