using Mandos.Core.CommandLine;
using Mandos.Ctl.Cli;

namespace Mandos.Ctl.Tests.Cli;

/// <summary>TIME values as upstream's mandos-ctl converts them (values checked against its string_to_delta).</summary>
[Lane(Lane.Unit)]
public sealed class TimeArgumentTests
{
    [Theory]
    [InlineData("PT0S", 0)]
    [InlineData("P0D", 0)]
    [InlineData("P7D", 604800000)]
    [InlineData("PT60M", 3600000)]
    [InlineData("P60M", 145152000000)]
    [InlineData("P1W", 604800000)]
    [InlineData("P1DT3M20S", 86600000)]
    [InlineData("PT5M\n", 300000)]
    [InlineData("P10W", 6048000000)]
    [InlineData("PT4294967S", 4294967000)]
    [InlineData("PT4294968S", 4294968000)]
    [InlineData("P1000W", 604800000000)]
    [InlineData("PT922337203685S", 922337203685000)]
    public void Rfc3339DurationsNeedNoWarning(string text, ulong milliseconds)
    {
        bool warned = false;
        Assert.Equal(milliseconds, TimeArgument.ParseMilliseconds(text, CtlOptions.Timeout, _ => warned = true));
        Assert.False(warned);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("", 0)]
    [InlineData("7d", 604800000)]
    [InlineData("60m", 3600000)]
    [InlineData("24h", 86400000)]
    [InlineData("1w", 604800000)]
    [InlineData("5m 30s", 330000)]
    [InlineData("2dxy7zz11y3m5m", 173280018)]
    [InlineData("PT1S2M", 3)]
    [InlineData("P1D2W", 3)]
    [InlineData("1.5s", 5001)]
    [InlineData("\u0661\u0662s", 12000)]
    public void OtherTextIsReadAsAPre161IntervalWithAWarning(string text, ulong milliseconds)
    {
        string? warning = null;
        Assert.Equal(milliseconds, TimeArgument.ParseMilliseconds(text, CtlOptions.Timeout, w => warning = w));
        Assert.Equal($"Invalid RFC 3339 duration: \"{text}\" - Parsing as pre-1.6.1 interval instead", warning);
    }

    [Fact]
    public void TooLongForTheBusIsAUsageError()
    {
        var e = Assert.Throws<UsageException>(() =>
            TimeArgument.ParseMilliseconds("99999999999999999999999", CtlOptions.Interval, _ => { }));
        Assert.StartsWith("argument -i/--interval: invalid TIME value: '99999999999999999999999'", e.Message);
    }
}
