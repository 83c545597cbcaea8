using Mandos.Core.Config;
using Xunit;

namespace Mandos.Core.Tests.Config;

[Lane(Lane.Unit)]
public sealed class DurationParserTests
{
    public static TheoryData<string, TimeSpan> ValidDurations => new()
    {
        { "PT5M", TimeSpan.FromMinutes(5) },
        { "PT0S", TimeSpan.Zero },
        { "P1D", TimeSpan.FromDays(1) },
        { "P1W", TimeSpan.FromDays(7) },
        { "P1Y", TimeSpan.FromDays(364) },
        { "P1M", TimeSpan.FromDays(28) },
        { "P1Y2M", TimeSpan.FromDays(364 + 56) },
        { "P1M2D", TimeSpan.FromDays(30) },
        { "P1DT2H", new TimeSpan(1, 2, 0, 0) },
        { "PT1H30M", new TimeSpan(1, 30, 0) },
        { "PT1M30S", TimeSpan.FromSeconds(90) },
        { "PT1H0M1S", TimeSpan.FromSeconds(3601) },
        { "P2DT3M", new TimeSpan(2, 0, 3, 0) },
        { "P1DT5S", new TimeSpan(1, 0, 0, 5) },
        { "PT90M", TimeSpan.FromMinutes(90) },
        { "P007D", TimeSpan.FromDays(7) },
        { "5m 30s", new TimeSpan(0, 5, 30) },
        { "1d", TimeSpan.FromDays(1) },
        { "2w", TimeSpan.FromDays(14) },
        { "3h", TimeSpan.FromHours(3) },
        { "10s", TimeSpan.FromSeconds(10) },
        { "1m 1m", TimeSpan.FromMinutes(2) },
        { "  1h\t2m  ", new TimeSpan(1, 2, 0) },
        { "+5s", TimeSpan.FromSeconds(5) },
        { "", TimeSpan.Zero },
        { "   ", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void ValidDurationsParse(string text, TimeSpan expected)
    {
        Assert.Equal(expected, DurationParser.Parse(text));
        Assert.True(DurationParser.TryParse(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("P1YT1H")] // T is allowed only directly after P or after days
    [InlineData("P1MT1H")]
    [InlineData("PT1H1S")] // hours may be followed only by minutes
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("P1Y2D")]
    [InlineData("P1W2D")]
    [InlineData("P1D1Y")]
    [InlineData("PT1S1M")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("p1d")]
    [InlineData("pt5m")]
    [InlineData("P1.5D")]
    [InlineData(" PT5M")]
    [InlineData("PT5M ")]
    [InlineData("5x")]
    [InlineData("5M")]
    [InlineData("5m30s")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("5 m")]
    [InlineData("99999999999999999999d")]
    [InlineData("999999999999d")]
    public void InvalidDurationsAreRejected(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => DurationParser.Parse(text));
        Assert.StartsWith($"invalid duration \"{text}\"", error.Message);
    }

    [Fact]
    public void NegativeFallbackValueIsExplained()
    {
        var error = Assert.Throws<FormatException>(() => DurationParser.Parse("1h -5m"));

        Assert.Equal("invalid duration \"1h -5m\": durations cannot be negative", error.Message);
    }

    [Fact]
    public void BadFallbackTokenIsNamed()
    {
        var error = Assert.Throws<FormatException>(() => DurationParser.Parse("1h 5x"));

        Assert.Equal("invalid duration \"1h 5x\": \"5x\" is not a whole number followed by d, h, m, s or w", error.Message);
    }

    public static TheoryData<TimeSpan, string> Formatted => new()
    {
        { TimeSpan.Zero, "PT0S" },
        { TimeSpan.FromMinutes(5), "PT5M" },
        { TimeSpan.FromMinutes(15), "PT15M" },
        { TimeSpan.FromSeconds(1), "PT1S" },
        { TimeSpan.FromDays(1), "P1D" },
        { TimeSpan.FromDays(7), "P7D" },
        { new TimeSpan(1, 2, 0, 0), "P1DT2H" },
        { new TimeSpan(1, 30, 0), "PT1H30M" },
        { TimeSpan.FromSeconds(90), "PT1M30S" },
        { TimeSpan.FromSeconds(3601), "PT1H0M1S" },
        { new TimeSpan(2, 0, 0, 5), "P2DT5S" },
        { TimeSpan.FromMilliseconds(1500), "PT1.5S" },
        { TimeSpan.FromMinutes(-5), "-PT5M" },
    };

    [Theory]
    [MemberData(nameof(Formatted))]
    public void FormatsAsRfc3339(TimeSpan duration, string expected) =>
        Assert.Equal(expected, DurationParser.ToRfc3339(duration));

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(59L)]
    [InlineData(3601L)]
    [InlineData(86_400L + 3_600 + 1)]
    [InlineData(400L * 86_400 + 7)]
    public void WholeSecondsRoundTrip(long seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);

        Assert.Equal(duration, DurationParser.Parse(DurationParser.ToRfc3339(duration)));
    }
}
