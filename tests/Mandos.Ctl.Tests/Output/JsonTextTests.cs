using Mandos.Ctl.Output;

namespace Mandos.Ctl.Tests.Output;

/// <summary>--dump-json against what Debian's mandos-ctl prints for the same clients (Expected/generate.py).</summary>
[Lane(Lane.Unit)]
public sealed class JsonTextTests
{
    [Fact]
    public void DumpMatchesDebiansJsonByteForByte() =>
        Assert.Equal(SampleClients.Expected("dump.json"), JsonText.Format(SampleClients.All));

    [Fact]
    public void NoClientsDumpAnEmptyObject() =>
        Assert.Equal(SampleClients.Expected("dump-none.json"), JsonText.Format([]));

    [Fact]
    public void OnlyTheTwentyFieldsAppearInTableOrder()
    {
        string[] keys = JsonText.Format([SampleClients.Foo]).Split('\n')
            .Where(l => l.StartsWith("        \"", StringComparison.Ordinal))
            .Select(l => l.Trim().Split('"')[1]).ToArray();
        Assert.Equal(ClientFields.All, keys);
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a/b", "\"a/b\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"")]
    [InlineData("\u20ac", "\"\\u20ac\"")]
    [InlineData("\U0001F600", "\"\\ud83d\\ude00\"")]
    public void StringsAreEscapedAsPythonDoes(string text, string json) => Assert.Equal(json, JsonText.Quote(text));
}
