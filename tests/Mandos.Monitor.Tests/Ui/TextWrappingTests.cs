using Mandos.Monitor.Ui;

namespace Mandos.Monitor.Tests.Ui;

[Lane(Lane.Unit)]
public sealed class TextWrappingTests
{
    [Fact]
    public void AnyBreaksAtTheWidth() => Assert.Equal(["abcd", "efgh", "ij"], TextWrapping.Any("abcdefghij", 4));

    [Fact]
    public void ClipCutsAtTheWidth() => Assert.Equal(["abcd"], TextWrapping.Clip("abcdefghij", 4));

    [Fact]
    public void WordsBreakAtSpaces() => Assert.Equal(["db: A checker", "has failed!"], TextWrapping.Words("db: A checker has failed!", 14));

    [Fact]
    public void WordsBreakInsideAWordTooLong() => Assert.Equal(["abcde", "fgh", "ij"], TextWrapping.Words("abcdefgh ij", 5));

    [Fact]
    public void ShortTextIsOneRow() => Assert.Equal(["db: enabled"], TextWrapping.Words("db: enabled", 80));
}
