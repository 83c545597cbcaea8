using System.Text;
using Mandos.Server.Config;
using Xunit;

namespace Mandos.Server.Tests.Config;

// Expected values were checked against CPython's binascii.a2b_base64.
[Lane(Lane.Unit)]
public sealed class LenientBase64Tests
{
    [Theory]
    [InlineData("QUJD", "ABC")]
    [InlineData("QUJD\nRA==", "ABCD")]
    [InlineData("  QU JD\r\n\tRA = = ", "ABCD")]
    [InlineData("QU==x", "A")] // data ends at complete padding
    [InlineData("QU=J=", "AB")]
    [InlineData("=QUJD", "ABC")] // padding before two data characters is ignored
    [InlineData("QU*J!D", "ABC")] // characters outside the alphabet are skipped
    [InlineData("", "")]
    public void DecodesLikePython(string text, string expected) =>
        Assert.Equal(Encoding.Latin1.GetBytes(expected), LenientBase64.Decode(text));

    [Fact]
    public void DataCharacterAfterHalfPaddingContinues() =>
        Assert.Equal(new byte[] { 0x41, 0x04, 0x10 }, LenientBase64.Decode("QQ=QQ"));

    [Theory]
    [InlineData("QUJ")]
    [InlineData("QU=")]
    [InlineData("Q=Q=")]
    [InlineData("QUJDR")]
    [InlineData("Q")]
    public void BadPaddingIsAnError(string text) =>
        Assert.StartsWith("invalid base64", Assert.Throws<FormatException>(() => LenientBase64.Decode(text)).Message);

    [Fact]
    public void RoundTripsArbitraryBytesSplitOverLines()
    {
        byte[] bytes = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        string text = string.Join("\n    ", Convert.ToBase64String(bytes).Chunk(64).Select(c => new string(c)));

        Assert.Equal(bytes, LenientBase64.Decode(text));
    }
}
