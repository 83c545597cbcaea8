using Mandos.Server.Config;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class IniDocumentInterpolationTests
{
    private static IniDocument Parse(string text) => IniDocument.Parse(text, "test.conf");

    [Fact]
    public void DoublePercentBecomesOnePercent()
    {
        var document = Parse("[foo]\nchecker = fping -q -- %%(host)s\nliteral = 100%%\n");

        Assert.Equal("fping -q -- %(host)s", document.Get("foo", "checker"));
        Assert.Equal("100%", document.Get("foo", "literal"));
        Assert.Equal("fping -q -- %%(host)s", document.GetRaw("foo", "checker"));
    }

    [Fact]
    public void ReferenceTakesTheSameSectionBeforeDefault()
    {
        var document = Parse("[DEFAULT]\nhost = default.example\nping = ping %(host)s\n"
            + "[foo]\nhost = foo.example\n[bar]\n");

        Assert.Equal("ping foo.example", document.Get("foo", "ping"));
        Assert.Equal("ping default.example", document.Get("bar", "ping"));
    }

    [Fact]
    public void ReferenceNamesAreCaseInsensitive()
    {
        var document = Parse("[foo]\nssh_fingerprint = ed25519 AAAA\nchecker = grep %(SSH_Fingerprint)s\n");

        Assert.Equal("grep ed25519 AAAA", document.Get("foo", "checker"));
    }

    [Fact]
    public void ReferencedValuesAreInterpolatedInTurn()
    {
        var document = Parse("[foo]\na = %(b)s!\nb = %(c)s%%\nc = x\n");

        Assert.Equal("x%!", document.Get("foo", "a"));
    }

    [Fact]
    public void TenNestedReferencesWorkButElevenAreTooDeep()
    {
        // v0 refers to v1 ... each referenced value containing "%" adds one level.
        static string Chain(int length) =>
            "[foo]\n" + string.Concat(Enumerable.Range(0, length).Select(i => $"v{i} = %(v{i + 1})s\n"))
            + $"v{length} = end\n";

        Assert.Equal("end", Parse(Chain(10)).Get("foo", "v0"));
        var error = Assert.Throws<ConfigException>(() => Parse(Chain(11)).Get("foo", "v0"));
        Assert.StartsWith("test.conf: [foo] v0: bad interpolation: %(name)s references nest deeper than 10", error.Message);
    }

    [Fact]
    public void CircularReferenceIsAnError()
    {
        var document = Parse("[foo]\na = %(b)s\nb = %(a)s\n");

        Assert.Throws<ConfigException>(() => document.Get("foo", "a"));
    }

    [Theory]
    [InlineData("50%")]
    [InlineData("50% off")]
    [InlineData("%d")]
    public void LonePercentIsAnError(string value)
    {
        var document = Parse($"[foo]\nsecret = {value}\n");

        var error = Assert.Throws<ConfigException>(() => document.Get("foo", "secret"));

        Assert.Equal("test.conf: [foo] secret: bad interpolation: a lone \"%\" (write \"%%\" for a literal percent sign)", error.Message);
    }

    [Theory]
    [InlineData("%(host)d")]
    [InlineData("%(host")]
    [InlineData("%()s")]
    [InlineData("%(host)")]
    public void MalformedReferenceIsAnError(string value)
    {
        var document = Parse($"[foo]\nhost = h\nchecker = {value}\n");

        var error = Assert.Throws<ConfigException>(() => document.Get("foo", "checker"));

        Assert.StartsWith("test.conf: [foo] checker: bad interpolation:", error.Message);
    }

    [Fact]
    public void UnknownReferenceIsAnErrorNamingIt()
    {
        var document = Parse("[foo]\nchecker = ping %(hots)s\n");

        var error = Assert.Throws<ConfigException>(() => document.Get("foo", "checker"));

        Assert.Equal("test.conf: [foo] checker: bad interpolation: %(hots)s refers to an option that is not set", error.Message);
    }

    [Fact]
    public void OtherSectionsAreNotVisible()
    {
        var document = Parse("[foo]\nx = 1\n[bar]\ny = %(x)s\n");

        Assert.Throws<ConfigException>(() => document.Get("bar", "y"));
    }

    [Fact]
    public void RawValueIsNeverInterpolated()
    {
        var document = Parse("[foo]\npriority = SECURE128:%PROFILE_ULTRA\n");

        Assert.Equal("SECURE128:%PROFILE_ULTRA", document.GetRaw("foo", "priority"));
    }

    [Fact]
    public void ArbitraryTextCanBeInterpolatedInASectionsContext()
    {
        var document = Parse("[DEFAULT]\nhost = d\n[foo]\nhost = f\n");

        Assert.Equal("f and 5%", document.Interpolate("foo", "custom", "%(host)s and 5%%"));
        Assert.Equal("d", document.Interpolate(IniDocument.DefaultSection, "custom", "%(host)s"));
    }

    [Fact]
    public void GetAllInterpolatesEveryOption()
    {
        var document = IniDocument.Parse("[foo]\nhost = h\nchecker = ping %(host)s\n", "test.conf",
            new Dictionary<string, string> { ["timeout"] = "PT5M" });

        var all = document.GetAll("foo");

        Assert.Equal(["timeout", "host", "checker"], all.Keys);
        Assert.Equal("ping h", all["checker"]);
    }
}
