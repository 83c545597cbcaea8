using Mandos.Server.Config;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class BooleanParserTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("True")]
    [InlineData("YES")]
    [InlineData("oN")]
    public void TrueForms(string text) => Assert.True(BooleanParser.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("no")]
    [InlineData("false")]
    [InlineData("off")]
    [InlineData("False")]
    [InlineData("NO")]
    [InlineData("OFF")]
    public void FalseForms(string text) => Assert.False(BooleanParser.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("2")]
    [InlineData("y")]
    [InlineData("t")]
    [InlineData("enabled")]
    public void AnythingElseIsRejected(string text)
    {
        Assert.False(BooleanParser.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => BooleanParser.Parse(text));
        Assert.Contains($"\"{text}\"", error.Message);
    }
}
