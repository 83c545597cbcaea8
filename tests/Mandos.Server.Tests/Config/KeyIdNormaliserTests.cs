using Mandos.Server.Config;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class KeyIdNormaliserTests
{
    [Theory]
    [InlineData("ab cd ef", "ABCDEF")]
    [InlineData("  ab12  ", "AB12")]
    [InlineData("ab\tcd", "AB\tCD")] // only space characters are removed
    [InlineData("ab:cd", "AB:CD")]
    [InlineData("", "")]
    public void UpperCasesAndRemovesOnlySpaces(string value, string expected) =>
        Assert.Equal(expected, KeyIdNormaliser.Normalise(value));

    [Fact]
    public void EmptyInputHashIsForbiddenInAnySpelling()
    {
        string spaced = "e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855";

        Assert.True(KeyIdNormaliser.IsForbidden(KeyIdNormaliser.Normalise(spaced)));
        Assert.False(KeyIdNormaliser.IsForbidden(new string('A', 64)));
    }
}
