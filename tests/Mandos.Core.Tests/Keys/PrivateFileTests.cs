using Mandos.Core.Keys;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.Keys;

[Lane(Lane.Unit)]
public sealed class PrivateFileTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void NewFileIsCreatedReadableByOwnerOnly()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        PrivateFile.WriteNew(dir.File("key"), "secret"u8);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("key")));
        Assert.Equal("secret"u8.ToArray(), File.ReadAllBytes(dir.File("key")));
    }

    [Fact]
    public void ExistingFileIsNeverOverwritten()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("key"), "old");

        var e = Assert.Throws<KeyFileException>(() => PrivateFile.WriteNew(dir.File("key"), "new"u8));
        Assert.Equal(dir.File("key"), e.FilePath);
        Assert.Equal("old", File.ReadAllText(dir.File("key")));
    }
}
