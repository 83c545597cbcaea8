using Mandos.Server.Checkers;
using Xunit;

namespace Mandos.Server.Tests.Checkers;

/// <summary>Expected strings are CPython 3.11's <c>str()</c> and <c>repr()</c> of the same values.</summary>
[Lane(Lane.Unit)]
public sealed class PythonTextTests
{
    [Theory]
    [InlineData(0L, "0:00:00")]
    [InlineData(3_000_000_000L, "0:05:00")]                     // 5 minutes
    [InlineData(936_000_000_000L, "1 day, 2:00:00")]
    [InlineData(1_728_000_000_000L, "2 days, 0:00:00")]
    [InlineData(15_000_000L, "0:00:01.500000")]                 // 1.5 seconds
    [InlineData(3_600_000_000_000L, "4 days, 4:00:00")]         // 100 hours
    [InlineData(-10_000_000L, "-1 day, 23:59:59")]              // -1 second
    [InlineData(-864_000_000_000L, "-1 day, 0:00:00")]
    [InlineData(-10L, "-1 day, 23:59:59.999999")]               // -1 microsecond
    [InlineData(-901_800_000_000L, "-2 days, 22:57:00")]        // -(25 h 3 min)
    [InlineData(863_999_999_999_999_990L, "999999 days, 23:59:59.999999")]
    public void TimeSpanIsWrittenAsTimedelta(long ticks, string expected)
    {
        Assert.Equal(expected, PythonText.Of(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void SubMicrosecondTicksAreDropped()
    {
        Assert.Equal("0:00:00.000001", PythonText.Of(TimeSpan.FromTicks(19)));
    }

    [Fact]
    public void DateTimeIsWrittenAsDatetime()
    {
        Assert.Equal("2026-11-26 17:00:00", PythonText.Of(new DateTime(2026, 11, 26, 17, 0, 0)));
    }

    [Fact]
    public void DateTimeShowsMicrosecondsWhenThereAreAny()
    {
        var time = new DateTime(2026, 11, 26, 17, 0, 0).AddTicks(1_234_567);
        Assert.Equal("2026-11-26 17:00:00.123456", PythonText.Of(time));
        Assert.Equal("2026-01-02 03:04:05.000010", PythonText.Of(new DateTime(2026, 1, 2, 3, 4, 5).AddTicks(100)));
    }

    [Fact]
    public void MissingDateTimeIsNone()
    {
        Assert.Equal("None", PythonText.Of((DateTime?)null));
    }

    [Fact]
    public void BooleansAreCapitalised()
    {
        Assert.Equal("True", PythonText.Of(true));
        Assert.Equal("False", PythonText.Of(false));
    }

    [Theory]
    [InlineData("a'b\"c", "'a\\'b\"c'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("\t\n\r\\\0\u001f", "'\\t\\n\\r\\\\\\x00\\x1f'")]
    [InlineData("é\u200b\u007f\u00a0\u00ad\ue000\u0378", "'é\\u200b\\x7f\\xa0\\xad\\ue000\\u0378'")]
    [InlineData("\U0001F600", "'\U0001F600'")]
    public void ReprMatchesPython(string value, string expected)
    {
        Assert.Equal(expected, PythonText.Repr(value));
    }

    [Fact]
    public void LoneSurrogateIsEscaped()
    {
        Assert.Equal("'\\ud800'", PythonText.Repr(new string('\ud800', 1)));
    }

    [Fact]
    public void AsciiEscapesEverythingBeyondAscii()
    {
        Assert.Equal("'\\U0001f600\\xe9\\u1234'", PythonText.Repr("\U0001F600é\u1234", asciiOnly: true));
    }
}
