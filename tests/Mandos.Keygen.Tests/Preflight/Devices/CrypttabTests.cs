using Mandos.Keygen.Preflight.Devices;

namespace Mandos.Keygen.Tests.Preflight.Devices;

[Lane(Lane.Unit)]
public sealed class CrypttabTests
{
    [Fact]
    public void CommentsAndBlankLinesAreSkippedAndFieldsSplitOnSpacesAndTabs()
    {
        CrypttabFile file = Crypttab.Parse("# <target> <source> <key> <options>\n\n   \nsda3_crypt\tUUID=1234  none \t luks,discard\n", "/etc/crypttab");

        CrypttabEntry entry = Assert.Single(file.Entries);
        Assert.Empty(file.Problems);
        Assert.Equal(("sda3_crypt", "UUID=1234", "none", 4), (entry.Target, entry.Source, entry.KeyFile, entry.Line));
        Assert.Equal([new CrypttabOption("luks", null), new CrypttabOption("discard", null)], entry.Options);
    }

    [Fact]
    public void TwoFieldsMeanAPassphrasePromptAndNoOptions()
    {
        CrypttabEntry entry = Assert.Single(Crypttab.Parse("data /dev/sdb1\r\n", "crypttab").Entries);

        Assert.Equal(CrypttabEntry.NoKeyFile, entry.KeyFile);
        Assert.Empty(entry.Options);
    }

    [Fact]
    public void OptionValuesAreKeptAndTheLastOneWins()
    {
        CrypttabEntry entry = Assert.Single(Crypttab.Parse(
            "root /dev/sda2 root keyscript=/bin/false,keyscript=/usr/lib/x86_64-linux-gnu/mandos/plugin-runner,initramfs", "crypttab").Entries);

        Assert.Equal("/usr/lib/x86_64-linux-gnu/mandos/plugin-runner", entry.Value("keyscript"));
        Assert.True(entry.Has("initramfs"));
        Assert.Null(entry.Value("initramfs"));
        Assert.False(entry.Has("discard"));
    }

    [Fact]
    public void OctalSequencesAreDecodedWithinAFieldAndAnEscapedCommaStaysInItsOption()
    {
        CrypttabEntry entry = Assert.Single(Crypttab.Parse(@"my\040disk LABEL=My\040Disk none header=/etc/a\054b,luks", "crypttab").Entries);

        Assert.Equal("my disk", entry.Target);
        Assert.Equal("LABEL=My Disk", entry.Source);
        Assert.Equal("/etc/a,b", entry.Value("header"));
        Assert.True(entry.Has("luks"));
    }

    [Theory]
    [InlineData(@"a\\b", @"a\b")]
    [InlineData(@"a\0101b", "aAb")]
    [InlineData(@"a\q", @"a\q")]
    [InlineData(@"end\", @"end\")]
    public void DecodingFollowsTheBackslashZeroForm(string field, string decoded) => Assert.Equal(decoded, Crypttab.Decode(field));

    [Fact]
    public void AMalformedLineIsOneSentenceNamingFileAndLineAndTheRestIsRead()
    {
        CrypttabFile file = Crypttab.Parse("ok /dev/sda1 none luks\nlonely\nfive /dev/sdb none luks extra\nnot/plain /dev/sdc none\nlast /dev/sdd\n", "/etc/crypttab");

        Assert.Equal(["ok", "last"], file.Entries.Select(e => e.Target));
        Assert.Equal(3, file.Problems.Count);
        Assert.StartsWith("/etc/crypttab line 2 has 1 field,", file.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("/etc/crypttab line 3 has 5 fields,", file.Problems[1], StringComparison.Ordinal);
        Assert.StartsWith("/etc/crypttab line 4: the target \"not/plain\"", file.Problems[2], StringComparison.Ordinal);
    }
}
