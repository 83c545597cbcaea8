using Mandos.PluginRunner.Cli;

namespace Mandos.PluginRunner.Tests.Cli;

[Lane(Lane.Unit)]
public sealed class ConfigFileTokensTests
{
    [Fact]
    public void WordsCommentsAndNoQuoting() =>
        Assert.Equal(["--a=1", "-d", "x", "\"q", "r\""],
            ConfigFileTokens.Split("## comment\n--a=1\t-d x # -d y\n\"q r\"\n\n   # only"));
}
