using Mandos.Core.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

[Lane(Lane.Unit)]
public sealed class KeyExpiryTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("0")]
    [InlineData("none")]
    [InlineData("never")]
    [InlineData("0d")]
    public void NeverExpires(string text)
    {
        Assert.True(KeyExpiry.TryParse(text, Now, out TimeSpan? lifetime));
        Assert.Null(lifetime);
    }

    [Theory]
    [InlineData("10", 10 * 86400)]
    [InlineData("10d", 10 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("3m", 90 * 86400)]
    [InlineData("1y", 365 * 86400)]
    [InlineData("1Y", 365 * 86400)]
    [InlineData("seconds=3600", 3600)]
    [InlineData("2026-01-02", 86400 + 43200)]
    [InlineData("20260101T010000", 3600)]
    public void ReadsGnuPgSyntax(string text, long seconds)
    {
        Assert.True(KeyExpiry.TryParse(text, Now, out TimeSpan? lifetime));
        Assert.Equal(TimeSpan.FromSeconds(seconds), lifetime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("5x")]
    [InlineData("2025-12-31")]
    [InlineData("seconds=")]
    [InlineData("99999999999d")]
    public void RejectsWhatGnuPgRejects(string text)
    {
        Assert.False(KeyExpiry.TryParse(text, Now, out _));
    }
}
