using Mandos.Monitor.Status;

namespace Mandos.Monitor.Tests.Status;

[Lane(Lane.Unit)]
public sealed class DBusTimestampTests
{
    [Fact]
    public void ReadsIsoformatWithMicroseconds() =>
        Assert.Equal(new DateTime(2019, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234560), DBusTimestamp.Parse("2019-02-03T04:05:06.123456"));

    [Fact]
    public void ReadsIsoformatWithoutFractionWhereUpstreamCrashes() =>
        Assert.Equal(new DateTime(2019, 2, 3, 4, 5, 6, DateTimeKind.Utc), DBusTimestamp.Parse("2019-02-03T04:05:06"));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    public void EmptyOrUnreadableIsNone(string text) => Assert.Null(DBusTimestamp.Parse(text));

    [Fact]
    public void TheInstantIsUtc() => Assert.Equal(DateTimeKind.Utc, DBusTimestamp.Parse("2019-02-03T04:05:06")!.Value.Kind);
}
