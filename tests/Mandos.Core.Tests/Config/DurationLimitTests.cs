using Mandos.Core.Config;
using Xunit;

namespace Mandos.Core.Tests.Config;

/// <summary>The longest duration either syntax reads is a TimeSpan's range; longer ones are refused as too large.</summary>
[Lane(Lane.Unit)]
public sealed class DurationLimitTests
{
    [Theory]
    [InlineData("PT922337203685S")]
    [InlineData("922337203685s")]
    [InlineData("922337203680s 5s")]
    public void TheLongestDurationIsRead(string text) =>
        Assert.Equal(TimeSpan.FromSeconds(DurationParser.MaxSeconds), DurationParser.Parse(text));

    [Theory]
    [InlineData("PT922337203686S")]
    [InlineData("P99999999999999999999W")]
    [InlineData("P1525029W")]
    [InlineData("922337203686s")]
    [InlineData("99999999999999999999d")]
    [InlineData("922337203685s 1s")]
    public void LongerIsRefusedAsTooLargeNamingTheLimit(string text)
    {
        var e = Assert.Throws<FormatException>(() => DurationParser.Parse(text));
        Assert.Equal($"invalid duration \"{text}\": too large (at most 922337203685 seconds, about 29,000 years)", e.Message);
    }
}
