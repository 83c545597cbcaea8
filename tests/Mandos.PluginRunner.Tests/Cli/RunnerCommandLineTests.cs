using Mandos.Core.CommandLine;
using Mandos.PluginRunner.Cli;

namespace Mandos.PluginRunner.Tests.Cli;

[Lane(Lane.Unit)]
public sealed class RunnerCommandLineTests
{
    private static RunnerOptions Parse(string? file, params string[] args) => RunnerCommandLine.Parse(args, _ => file);

    [Fact]
    public void DefaultsAreTheInitramfsPaths()
    {
        RunnerOptions o = Parse(null);
        Assert.Equal("/lib/mandos/plugins.d", o.PluginDir);
        Assert.Equal("/lib/mandos/plugin-helpers", o.HelperDir);
        Assert.Equal("/conf/conf.d/mandos/plugin-runner.conf", o.ConfigFile);
        Assert.Equal(65534u, o.UserId);
        Assert.Equal(65534u, o.GroupId);
    }

    [Fact]
    public void OptionsSplitOnCommasOnlyKeepingEmptyOnes()
    {
        RunnerOptions o = Parse(null, "--global-options=a,,b c", "-o", "mandos-client:--debug,--connect=1.2.3.4:5", "-o", "x:");
        Assert.Equal(["a", "", "b c"], o.Global.Arguments);
        Assert.Equal(["--debug", "--connect=1.2.3.4:5"], o.Plugins["mandos-client"].Arguments);
        Assert.Equal([""], o.Plugins["x"].Arguments);
    }

    [Fact]
    public void ConfigFileComesFirstAndAccumulates()
    {
        RunnerOptions o = Parse("--options-for=c:--one # --options-for=c:--commented\n-d p\n", "--options-for=c:--two", "-e", "p");
        Assert.Equal(["--one", "--two"], o.Plugins["c"].Arguments);
        Assert.False(o.IsDisabled("p"));
    }

    [Fact]
    public void LastOfDisableAndEnableWins()
    {
        Assert.True(Parse(null, "-e", "p", "-d", "p").IsDisabled("p"));
        Assert.False(Parse(null, "-d", "p", "--enable=p").IsDisabled("p"));
    }

    [Fact]
    public void ConfigFileOptionCountsOnlyOnTheCommandLine()
    {
        string? asked = null;
        RunnerCommandLine.Parse(["--config-file=/x.conf"], path => { asked = path; return "--config-file=/other.conf --debug"; });
        Assert.Equal("/x.conf", asked);
    }

    [Fact]
    public void LaterEnvironmentReplacesEarlierForTheSameName()
    {
        RunnerOptions o = Parse("-G A=1", "-G", "B=2", "-G", "A=3=x", "-E", "p:A=4");
        Assert.Equal([new("A", "3=x"), new("B", "2")], o.Global.Environment);
        Assert.Equal([new KeyValuePair<string, string>("A", "4")], o.Plugins["p"].Environment);
    }

    [Theory]
    [InlineData("No colon in \"foo\"", "-o", "foo")]
    [InlineData("Empty plugin name", "-o", ":x")]
    [InlineData("Empty plugin name", "--env-for=:A=b")]
    [InlineData("Too many arguments", "none", "none")]
    [InlineData("Too many arguments", "/etc/keys/root.key")]
    [InlineData("Too many arguments", "None")]
    public void CommandLineMistakesAreUsageErrors(string message, params string[] args)
    {
        UsageException e = Assert.Throws<UsageException>(() => Parse(null, args));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void EmptyArgumentFromCryptsetupIsIgnored() => Assert.Equal("/lib/mandos/plugins.d", Parse(null, "").PluginDir);

    // Debian's cryptsetup 2 runs `keyscript "$CRYPTTAB_KEY"`: the word none for a keyscript line.
    [Theory]
    [InlineData("none")]
    [InlineData("--debug", "none")]
    [InlineData("", "none")]
    public void CrypttabNoneKeyFieldIsIgnored(params string[] args) => Assert.Equal("/lib/mandos/plugins.d", Parse(null, args).PluginDir);

    [Fact]
    public void NoneInTheConfigFileIsStillAnError() =>
        Assert.Throws<ConfigFileException>(() => Parse("--debug none\n"));

    [Fact]
    public void ConfigFileMistakesAreConfigErrorsNamingTheFile()
    {
        // No quoting: "A=b c" is two words, and c" is an unexpected argument.
        ConfigFileException e = Assert.Throws<ConfigFileException>(() => Parse("-G \"A=b c\"\n"));
        Assert.Contains("/conf/conf.d/mandos/plugin-runner.conf", e.Message);
    }

    [Theory]
    [InlineData("--userid=abc")]
    [InlineData("--groupid=-1")]
    public void IdsAreNumericOnly(string arg) => Assert.Throws<UsageException>(() => Parse(null, arg));

    [Fact]
    public void NumericIdsAreTaken()
    {
        RunnerOptions o = Parse("--userid=0", "--groupid=1000");
        Assert.Equal(0u, o.UserId);
        Assert.Equal(1000u, o.GroupId);
    }

    [Fact]
    public void HelpVersionAndUsageAreRecognisedByPrefix()
    {
        Assert.Equal(RunnerCommandLine.Version, RunnerCommandLine.InformationRequested(["--vers"]));
        Assert.Equal(RunnerCommandLine.HelpText, RunnerCommandLine.InformationRequested(["-?"]));
        Assert.Null(RunnerCommandLine.InformationRequested(["--debug"]));
    }
}
