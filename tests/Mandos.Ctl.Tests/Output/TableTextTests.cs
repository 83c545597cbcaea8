using Mandos.Ctl.Output;

namespace Mandos.Ctl.Tests.Output;

/// <summary>The table against what Debian's mandos-ctl prints for the same clients (Expected/generate.py).</summary>
[Lane(Lane.Unit)]
public sealed class TableTextTests
{
    [Fact]
    public void DefaultColumnsMatchDebiansTableByteForByte() =>
        Assert.Equal(SampleClients.Expected("table.txt"), TableText.Format(SampleClients.All, verbose: false));

    [Fact]
    public void VerboseColumnsMatchDebiansTableByteForByte() =>
        Assert.Equal(SampleClients.Expected("table-verbose.txt"), TableText.Format(SampleClients.All, verbose: true));

    [Fact]
    public void OneClientTableIsNarrowerAndKeepsTrailingPadding() =>
        Assert.Equal(SampleClients.Expected("table-one.txt"), TableText.Format([SampleClients.Foo], verbose: false));

    [Fact]
    public void EmojiCountsAsOneCharacterWhenPadding()
    {
        string row = TableText.Format([SampleClients.Unicode], verbose: false).Split('\n')[1];
        Assert.StartsWith("\u00fcn\u00ef\U0001F600 No      400T00:00:00", row);
    }

    [Fact]
    public void NoClientsGiveTheHeaderAlone() =>
        Assert.Equal("Name Enabled Timeout Last Successful Check\n", TableText.Format([], verbose: false));

    [Theory]
    [InlineData(0, "00:00:00")]
    [InlineData(999, "00:00:00")]
    [InlineData(1000, "00:00:01")]
    [InlineData(300000, "00:05:00")]
    [InlineData(86399999, "23:59:59")]
    [InlineData(86400000, "1T00:00:00")]
    [InlineData(93785000, "1T02:03:05")]
    [InlineData(34560000001, "400T00:00:00")]
    [InlineData(4294967295, "49T17:02:47")] // 2^32 ms - 1
    [InlineData(4294967296, "49T17:02:47")] // 2^32 ms
    [InlineData(4294967297, "49T17:02:47")] // 2^32 ms + 1
    [InlineData(604800000000, "7000T00:00:00")] // P1000W
    [InlineData(922337203685477, "10675199T02:48:05")] // the longest duration our server keeps
    [InlineData(86399999999999999, "999999999T23:59:59")] // the longest Python's timedelta holds
    public void DurationsShowDaysThenHoursMinutesSeconds(long milliseconds, string shown) =>
        Assert.Equal(shown, DurationText.FromMilliseconds(milliseconds));
}
