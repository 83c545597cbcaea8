using Mandos.Core.CommandLine;
using Xunit;

namespace Mandos.Core.Tests.CommandLine;

[Lane(Lane.Unit)]
public sealed class OptionParserTests
{
    private static readonly OptionSpec[] Specs =
    [
        new("connect", 'c', TakesValue: true),
        new("interface", 'i', TakesValue: true),
        new("debug"),
        new("force", 'f'),
        new("no-ssh", 'S'),
        new("dh-bits", TakesValue: true),
        new("dh-params", TakesValue: true),
    ];

    [Fact]
    public void LongOptionsTakeValuesBothWays()
    {
        ParsedOptions o = OptionParser.Parse(["--connect=1.2.3.4:5", "--interface", "eth0", "--debug"], Specs);
        Assert.Equal("1.2.3.4:5", o.Get("connect"));
        Assert.Equal("eth0", o.Get("interface"));
        Assert.True(o.Has("debug"));
    }

    [Fact]
    public void ShortOptionsBundleAndTakeAttachedValues()
    {
        ParsedOptions o = OptionParser.Parse(["-fS", "-ceth:1", "-i", "lo"], Specs);
        Assert.True(o.Has("force"));
        Assert.True(o.Has("no-ssh"));
        Assert.Equal("eth:1", o.Get("connect"));
        Assert.Equal("lo", o.Get("interface"));
    }

    [Fact]
    public void RepeatedOptionsAccumulateAndLastWins()
    {
        ParsedOptions o = OptionParser.Parse(["-i", "a", "--interface=b"], Specs);
        Assert.Equal(["a", "b"], o.GetAll("interface"));
        Assert.Equal("b", o.Get("interface"));
    }

    [Fact]
    public void UniquePrefixesAreAcceptedAndAmbiguousOnesRefused()
    {
        Assert.Equal("x:1", OptionParser.Parse(["--conn=x:1"], Specs).Get("connect"));
        var e = Assert.Throws<UsageException>(() => OptionParser.Parse(["--dh=1"], Specs));
        Assert.Contains("ambiguous", e.Message);
    }

    [Theory]
    [InlineData("--bogus", "unrecognized option '--bogus'")]
    [InlineData("-z", "invalid option -- 'z'")]
    [InlineData("--connect", "requires an argument")]
    [InlineData("--debug=yes", "doesn't allow an argument")]
    public void MistakesAreNamed(string arg, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => OptionParser.Parse([arg], Specs)).Message);

    [Fact]
    public void DoubleDashEndsOptions()
    {
        ParsedOptions o = OptionParser.Parse(["--debug", "--", "--force", "x"], Specs);
        Assert.False(o.Has("force"));
        Assert.Equal(["--force", "x"], o.Positionals);
    }
}
