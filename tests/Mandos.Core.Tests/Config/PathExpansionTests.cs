using Mandos.Core.Config;
using Xunit;

namespace Mandos.Core.Tests.Config;

// Expected values were checked against CPython's os.path.expandvars and expanduser.
[Lane(Lane.Unit)]
public sealed class PathExpansionTests
{
    private static readonly Dictionary<string, string> Variables = new()
    {
        ["FOO"] = "bar",
        ["HOME"] = "/home/me/",
        ["EMPTY"] = "",
    };

    private static string? Variable(string name) => Variables.GetValueOrDefault(name);

    private static string? Home(string user) => user == "alice" ? "/srv/alice" : null;

    [Theory]
    [InlineData("$FOO/x", "bar/x")]
    [InlineData("${FOO}x", "barx")]
    [InlineData("$NOPE/$FOO", "$NOPE/bar")]
    [InlineData("${}", "${}")]
    [InlineData("$", "$")]
    [InlineData("a$FOO$", "abar$")]
    [InlineData("${FOO", "${FOO")]
    [InlineData("$FOO-x", "bar-x")]
    [InlineData("$EMPTY/x", "/x")]
    [InlineData("/plain/path", "/plain/path")]
    public void ExpandsVariables(string path, string expected) =>
        Assert.Equal(expected, PathExpansion.ExpandVariables(path, Variable));

    [Theory]
    [InlineData("~", "/home/me")]
    [InlineData("~/secret", "/home/me/secret")]
    [InlineData("~alice/secret", "/srv/alice/secret")]
    [InlineData("~nosuchuser/x", "~nosuchuser/x")]
    [InlineData("a/~/b", "a/~/b")]
    public void ExpandsUserDirectories(string path, string expected) =>
        Assert.Equal(expected, PathExpansion.ExpandUser(path, Variable, Home));

    [Fact]
    public void VariablesAreExpandedBeforeTheTilde()
    {
        var variables = new Dictionary<string, string> { ["T"] = "~alice" };

        Assert.Equal("/srv/alice/x", PathExpansion.Expand("$T/x", variables.GetValueOrDefault, Home));
    }

    [Fact]
    public void RootsHomeComesFromThePasswordDatabase()
    {
        string? expected = File.ReadLines("/etc/passwd")
            .Select(line => line.Split(':'))
            .FirstOrDefault(fields => fields[0] == "root")?[5];
        if (expected is null)
        {
            return; // no local root entry to compare with
        }

        Assert.Equal(expected.TrimEnd('/') + "/x", PathExpansion.Expand("~root/x"));
        Assert.Equal("~no-such-user-mandos-test/x", PathExpansion.Expand("~no-such-user-mandos-test/x"));
    }
}
