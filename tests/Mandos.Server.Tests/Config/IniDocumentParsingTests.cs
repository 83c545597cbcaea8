using Mandos.Server.Config;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class IniDocumentParsingTests
{
    private static IniDocument Parse(string text, IReadOnlyDictionary<string, string>? defaults = null) =>
        IniDocument.Parse(text, "test.conf", defaults);

    [Fact]
    public void SectionsInheritDefaultValues()
    {
        var document = Parse("[DEFAULT]\nhost = example.org\n[foo]\n[bar]\nhost = other\n");

        Assert.Equal("example.org", document.Get("foo", "host"));
        Assert.Equal("other", document.Get("bar", "host"));
        Assert.Equal(["foo", "bar"], document.Sections);
    }

    [Fact]
    public void FileDefaultsOverrideBuiltInDefaults()
    {
        var document = Parse("[DEFAULT]\ntimeout = PT1M\n[foo]\n",
            new Dictionary<string, string> { ["timeout"] = "PT5M", ["interval"] = "PT2M" });

        Assert.Equal("PT1M", document.Get("foo", "timeout"));
        Assert.Equal("PT2M", document.Get("foo", "interval"));
    }

    [Fact]
    public void OptionNamesAreCaseInsensitive()
    {
        var document = Parse("[foo]\nKey_ID = abc\n");

        Assert.Equal("abc", document.Get("foo", "key_id"));
        Assert.Equal("abc", document.Get("foo", "KEY_ID"));
        Assert.Equal(["key_id"], document.Keys("foo"));
    }

    [Fact]
    public void SectionNamesAreCaseSensitive()
    {
        var document = Parse("[Foo]\na = 1\n[foo]\na = 2\n[default]\na = 3\n");

        Assert.Equal(["Foo", "foo", "default"], document.Sections);
        Assert.Equal("1", document.Get("Foo", "a"));
        Assert.Equal("2", document.Get("foo", "a"));
        Assert.False(document.HasOption("Foo", "b"));
    }

    [Fact]
    public void ColonAndEqualsBothSeparateKeyFromValue()
    {
        var document = Parse("[foo]\na: 1\nb=2\nc = x: y = z\nd : e = f\n");

        Assert.Equal("1", document.Get("foo", "a"));
        Assert.Equal("2", document.Get("foo", "b"));
        Assert.Equal("x: y = z", document.Get("foo", "c"));
        Assert.Equal("e = f", document.Get("foo", "d"));
    }

    [Fact]
    public void ValuesAreStrippedAndEmptyValuesAllowed()
    {
        var document = Parse("[foo]\n  a =    spaced out  \t\nb =\n");

        Assert.Equal("spaced out", document.Get("foo", "a"));
        Assert.Equal("", document.Get("foo", "b"));
    }

    [Fact]
    public void IndentedLinesContinueTheValue()
    {
        var document = Parse("[foo]\nsecret =\n    line1\n    line2\n\tline3\nnext = 1\n");

        Assert.Equal("\nline1\nline2\nline3", document.GetRaw("foo", "secret"));
        Assert.Equal("1", document.Get("foo", "next"));
    }

    [Fact]
    public void BlankLinesInsideAValueAreKeptAndTrailingOnesDropped()
    {
        var document = Parse("[foo]\na = 1\n\n   b\n\n\nc = 2\n\n");

        Assert.Equal("1\n\nb", document.Get("foo", "a"));
        Assert.Equal("2", document.Get("foo", "c"));
    }

    [Fact]
    public void CommentLinesAreSkippedEvenInsideAContinuedValue()
    {
        var document = Parse("# top\n; top\n[foo]\na = 1\n# comment\n  ; indented comment\n  b\n");

        Assert.Equal("1\nb", document.Get("foo", "a"));
    }

    [Fact]
    public void ThereAreNoInlineComments()
    {
        var document = Parse("[foo]\na = value # not a comment ; nor this\n");

        Assert.Equal("value # not a comment ; nor this", document.Get("foo", "a"));
    }

    [Fact]
    public void SectionHeaderRunsToTheLastBracketAndIgnoresWhatFollows()
    {
        var document = Parse("[foo] ; trailing text\na = 1\n[bar]]\nb = 2\n");

        Assert.Equal(["foo", "bar]"], document.Sections);
    }

    [Fact]
    public void IndentedHeaderAfterAnOptionIsPartOfTheValue()
    {
        var document = Parse("[foo]\na = 1\n  [bar]\n");

        Assert.Equal(["foo"], document.Sections);
        Assert.Equal("1\n[bar]", document.Get("foo", "a"));
    }

    [Fact]
    public void CarriageReturnLineEndingsAreAccepted()
    {
        var document = Parse("[foo]\r\na = 1\r\n  2\rb = 3\r\n");

        Assert.Equal("1\n2", document.Get("foo", "a"));
        Assert.Equal("3", document.Get("foo", "b"));
    }

    [Fact]
    public void DuplicateSectionIsAnErrorNamingTheLine()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[foo]\na = 1\n[foo]\n"));

        Assert.Equal("test.conf:3: section [foo] appears twice", error.Message);
    }

    [Fact]
    public void DuplicateOptionIsAnErrorEvenWithDifferentCase()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[foo]\na = 1\nA = 2\n"));

        Assert.Equal("test.conf:3: option \"a\" is set twice in section [foo]", error.Message);
    }

    [Fact]
    public void RepeatedDefaultHeaderIsAllowedButNotRepeatedDefaultOptions()
    {
        var document = Parse("[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[foo]\n");
        Assert.Equal("2", document.Get("foo", "b"));

        var error = Assert.Throws<ConfigException>(() => Parse("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n"));
        Assert.StartsWith("test.conf:4:", error.Message);
    }

    [Fact]
    public void OptionBeforeAnySectionIsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("# comment\n\na = 1\n[foo]\n"));

        Assert.Equal("test.conf:3: expected a [section] header before the first option", error.Message);
    }

    [Fact]
    public void LineWithoutDelimiterIsAnErrorThatDoesNotQuoteTheLine()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[foo]\nsecret =\nU2VjcmV0TGluZQ\n"));

        Assert.StartsWith("test.conf:3: expected \"key = value\"", error.Message);
        Assert.DoesNotContain("U2VjcmV0TGluZQ", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void OptionWithoutNameIsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[foo]\n= 1\n"));

        Assert.StartsWith("test.conf:2:", error.Message);
    }

    [Fact]
    public void KeysListDefaultsFirstThenTheSectionsOwn()
    {
        var document = Parse("[DEFAULT]\nb = 1\na = 2\n[foo]\nc = 3\na = 4\n");

        Assert.Equal(["b", "a", "c"], document.Keys("foo"));
        Assert.Equal(["b", "a"], document.Keys(IniDocument.DefaultSection));
    }

    [Fact]
    public void DefaultSectionIsReadableButNotListed()
    {
        var document = Parse("[DEFAULT]\nport = 1\n");

        Assert.Empty(document.Sections);
        Assert.False(document.HasSection(IniDocument.DefaultSection));
        Assert.Equal("1", document.Get(IniDocument.DefaultSection, "port"));
    }

    [Fact]
    public void MissingOptionAndSectionAreReported()
    {
        var document = Parse("[foo]\n");

        Assert.Null(document.GetRaw("foo", "nope"));
        Assert.Equal("test.conf: [foo] nope: is not set",
            Assert.Throws<ConfigException>(() => document.Get("foo", "nope")).Message);
        Assert.Throws<ConfigException>(() => document.Get("bar", "a"));
    }

    [Fact]
    public void TypedGettersNameFileSectionKeyAndValue()
    {
        var document = Parse("[foo]\ntimeout = 5x\nenabled = maybe\nport = 80x\n");

        Assert.StartsWith("test.conf: [foo] timeout: invalid duration \"5x\"",
            Assert.Throws<ConfigException>(() => document.GetDuration("foo", "timeout")).Message);
        Assert.StartsWith("test.conf: [foo] enabled: invalid boolean \"maybe\"",
            Assert.Throws<ConfigException>(() => document.GetBoolean("foo", "enabled")).Message);
        Assert.Equal("test.conf: [foo] port: invalid integer \"80x\"",
            Assert.Throws<ConfigException>(() => document.GetInt32("foo", "port")).Message);
    }

    [Fact]
    public void LoadIfExistsReturnsNullForAMissingFile()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string path = dir.File("missing.conf");

        Assert.Null(IniDocument.LoadIfExists(path));
    }

    [Fact]
    public void LoadIfExistsReadsUtf8AndSkipsAByteOrderMark()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string path = dir.File("mandos.conf");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "[föö]\na = ä\n"u8]);

        var document = IniDocument.LoadIfExists(path);

        Assert.NotNull(document);
        Assert.Equal("ä", document.Get("föö", "a"));
        Assert.Equal(path, document.FileName);
    }

    [Fact]
    public void LoadIfExistsRejectsInvalidUtf8()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string path = dir.File("mandos.conf");
        File.WriteAllBytes(path, [.. "[foo]\na = "u8, 0xFF, (byte)'\n']);

        var error = Assert.Throws<ConfigException>(() => IniDocument.LoadIfExists(path));

        Assert.Equal($"{path}: the file is not valid UTF-8 text", error.Message);
    }
}
