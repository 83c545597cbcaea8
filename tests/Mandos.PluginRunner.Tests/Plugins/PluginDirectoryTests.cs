using Mandos.PluginRunner.Plugins;
using Mandos.Testing.Files;

namespace Mandos.PluginRunner.Tests.Plugins;

[Lane(Lane.Unit)]
public sealed class PluginDirectoryTests
{
    [Theory]
    [InlineData(".hidden", ".*")]
    [InlineData("#autosave#", "#*#")]
    [InlineData("plugin~", "*~")]
    [InlineData("mandos-client.dpkg-new", "*.dpkg-new")]
    [InlineData("mandos-client.dpkg-old", "*.dpkg-old")]
    [InlineData("mandos-client.dpkg-bak", "*.dpkg-bak")]
    [InlineData("mandos-client.dpkg-divert", "*.dpkg-divert")]
    public void LeftoversAreIgnored(string name, string pattern) => Assert.Equal(pattern, PluginDirectory.IgnoredPattern(name));

    [Theory]
    [InlineData("mandos-client")]
    [InlineData("#half")]
    [InlineData("a.dpkg")]
    public void PluginNamesAreKept(string name) => Assert.Null(PluginDirectory.IgnoredPattern(name));

    [Fact]
    public void EntriesAreInByteOrder()
    {
        using var dir = new TempDir("plugins-", TempDir.Private);
        foreach (string n in new[] { "b", "B", "a", "_x" })
        {
            File.WriteAllText(dir.File(n), "");
        }
        Assert.Equal(["B", "_x", "a", "b"], PluginDirectory.Entries(dir.Path));
    }
}
