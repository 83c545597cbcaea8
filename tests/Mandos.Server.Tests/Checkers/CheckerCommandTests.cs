using Mandos.Server.Checkers;
using Xunit;

namespace Mandos.Server.Tests.Checkers;

/// <summary>Expected strings were produced by CPython 3.11: <c>template % {k: shlex.quote(v)}</c>.</summary>
[Lane(Lane.Unit)]
public sealed class CheckerCommandTests
{
    private const string SshChecker =
        "ssh-keyscan -t ed25519 %(host)s 2>/dev/null | grep --fixed-strings --line-regexp --quiet"
        + " --regexp=%(host)s\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq8J0w1tJjZbq3cY7Jb9l0d5Y1Zp3bKq5m0Xq8cYd\"";

    private static string Expand(string template, string host) =>
        CheckerCommand.Expand(template, new Dictionary<string, string> { ["host"] = host, ["name"] = "n" });

    [Theory]
    [InlineData("client.example.org", "fping -q -- client.example.org")]
    [InlineData("192.168.0.1", "fping -q -- 192.168.0.1")]
    [InlineData("fe80::1%eth0", "fping -q -- fe80::1%eth0")]
    [InlineData("a b", "fping -q -- 'a b'")]
    [InlineData("it's", "fping -q -- 'it'\"'\"'s'")]
    [InlineData("x\"y", "fping -q -- 'x\"y'")]
    [InlineData("", "fping -q -- ''")]
    [InlineData("$HOME", "fping -q -- '$HOME'")]
    [InlineData("é", "fping -q -- 'é'")]
    public void HostIsShellQuotedAsShlexQuoteDoes(string host, string expected)
    {
        Assert.Equal(expected, Expand("fping -q -- %(host)s", host));
    }

    [Fact]
    public void KeygenSshCheckerExpandsWithPlainHost()
    {
        Assert.Equal(
            "ssh-keyscan -t ed25519 client.example.org 2>/dev/null | grep --fixed-strings --line-regexp --quiet"
            + " --regexp=client.example.org\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq8J0w1tJjZbq3cY7Jb9l0d5Y1Zp3bKq5m0Xq8cYd\"",
            Expand(SshChecker, "client.example.org"));
    }

    [Fact]
    public void KeygenSshCheckerExpandsWithHostNeedingQuotes()
    {
        Assert.Equal(
            "ssh-keyscan -t ed25519 'client one' 2>/dev/null | grep --fixed-strings --line-regexp --quiet"
            + " --regexp='client one'\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ6vq8J0w1tJjZbq3cY7Jb9l0d5Y1Zp3bKq5m0Xq8cYd\"",
            Expand(SshChecker, "client one"));
    }

    [Fact]
    public void DoublePercentIsALiteralPercent()
    {
        Assert.Equal("echo 100% %(host)s", Expand("echo 100%% %%(host)s", "h"));
    }

    [Fact]
    public void ExpandedValuesAreNotExpandedAgain()
    {
        Assert.Equal("echo '%(name)s'", Expand("echo %(host)s", "%(name)s"));
    }

    [Fact]
    public void WidthPrecisionReprAndAsciiFollowPython()
    {
        Assert.Equal("n: 100% \"'é b'\" \"'\\xe9 b'\" 'é b'       |      'é |",
            Expand("%(name)s: 100%% %(host)r %(host)a %(host)-12s| %(host)8.3s|", "é b"));
    }

    [Fact]
    public void LengthModifierAndFlagsAreIgnoredAsInPython()
    {
        Assert.Equal("h h     h|", Expand("%(host)ls %(host)#s %(host)05.9s|", "h"));
    }

    [Fact]
    public void SingleCharacterConvertsWithPercentC()
    {
        Assert.Equal("    h|", Expand("%(host)5c|", "h"));
    }

    [Fact]
    public void UnknownNameIsRefusedWithItsNameAndPosition()
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand("fping %(hots)s", "secret-host"));
        Assert.Equal(6, e.Index);
        Assert.Contains("\"hots\"", e.Message);
        Assert.Contains("host", e.Message);
        Assert.DoesNotContain("secret-host", e.Message);
    }

    [Theory]
    [InlineData("fping %s", 6)]
    [InlineData("fping %-5s", 6)]
    [InlineData("fping %(host)s %s", 15)]
    public void PositionalConversionIsRefused(string template, int index)
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand(template, "h"));
        Assert.Equal(index, e.Index);
        Assert.Contains("no name", e.Message);
    }

    [Theory]
    [InlineData("fping %")]
    [InlineData("fping %(host)")]
    [InlineData("fping %(host)-5")]
    [InlineData("fping %%%")]
    public void IncompleteFormatIsRefused(string template)
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand(template, "h"));
        Assert.Contains("incomplete format", e.Message);
    }

    [Fact]
    public void UnclosedKeyIsRefused()
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand("fping %(host s", "h"));
        Assert.Contains("incomplete format key", e.Message);
    }

    [Theory]
    [InlineData("fping %(host)q", "'q' (0x71) at index 13")]
    [InlineData("fping %(host)%", "'%' (0x25) at index 13")]
    [InlineData("fping %(host)lls", "'l' (0x6c) at index 14")]
    public void UnsupportedConversionIsRefusedAsPythonSaysIt(string template, string where)
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand(template, "h"));
        Assert.Contains($"unsupported format character {where}", e.Message);
    }

    [Theory]
    [InlineData("fping %(host)d")]
    [InlineData("fping %(host)x")]
    [InlineData("fping %(host)f")]
    public void NumericConversionOfTextIsRefused(string template)
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand(template, "h"));
        Assert.Contains("needs a number", e.Message);
    }

    [Fact]
    public void PercentCOfSeveralCharactersIsRefused()
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand("%(host)c", "host"));
        Assert.Contains("single character", e.Message);
    }

    [Fact]
    public void StarWidthIsRefused()
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand("%(host)*s", "h"));
        Assert.Contains("positional argument", e.Message);
    }

    [Fact]
    public void HugeWidthIsRefused()
    {
        var e = Assert.Throws<CheckerFormatException>(() => Expand("%(host)99999999999999999999s", "h"));
        Assert.Contains("width too big", e.Message);
    }

    [Theory]
    [InlineData("", "''")]
    [InlineData("a@b%c+d=e:f,g./h-_Z9", "a@b%c+d=e:f,g./h-_Z9")]
    [InlineData("~", "'~'")]
    [InlineData("a\nb", "'a\nb'")]
    [InlineData("'", "''\"'\"''")]
    public void QuoteMatchesShlexQuote(string value, string expected)
    {
        Assert.Equal(expected, CheckerCommand.Quote(value));
    }
}
