using Mandos.Keygen.Preflight.Devices;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Devices;

[Lane(Lane.Unit)]
public sealed class DeviceSourceTests : IDisposable
{
    private readonly TempDir _root = new();

    public DeviceSourceTests()
    {
        // A fake /dev: sda3 (a regular file standing in for the block device) and udev's links to it.
        File.WriteAllText(Path.Combine(_root.Sub("dev"), "sda3"), "");
        Link("by-uuid", "0a1b2c3d-0000-4000-8000-123456789abc");
        Link("by-partuuid", "5e6f7a8b-03");
        Link("by-label", @"My\x20Disk");
        Link("by-partlabel", @"root\x2fpart");
        string dangling = Path.Combine(_root.Sub(Path.Combine("dev", "disk", "by-uuid")), "gone");
        File.CreateSymbolicLink(dangling, Path.Combine("..", "..", "sdz9"));
    }

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("/dev/sda3")]
    [InlineData("UUID=0a1b2c3d-0000-4000-8000-123456789abc")]
    [InlineData("PARTUUID=5e6f7a8b-03")]
    [InlineData("LABEL=My Disk")]
    [InlineData("PARTLABEL=root/part")]
    [InlineData("/dev/disk/by-uuid/0a1b2c3d-0000-4000-8000-123456789abc")]
    public void EachFormOfSourceLeadsToTheDeviceItself(string source) =>
        Assert.Equal(Path.Combine(_root.Path, "dev", "sda3"), DeviceSource.Resolve(source, _root.Path));

    [Theory]
    [InlineData("/dev/sdb1")]
    [InlineData("UUID=ffffffff-0000-4000-8000-123456789abc")]
    [InlineData("UUID=gone")]
    [InlineData("LABEL=")]
    public void AnAbsentDeviceIsNull(string source) => Assert.Null(DeviceSource.Resolve(source, _root.Path));

    [Fact]
    public void ARegularFileIsAnImage()
    {
        string image = _root.File("disk.img");
        File.WriteAllBytes(image, new byte[16]);

        Assert.Equal(image, DeviceSource.Resolve(image, "/"));
    }

    [Theory]
    [InlineData("My Disk", @"My\x20Disk")]
    [InlineData("a/b\\c", @"a\x2fb\x5cc")]
    [InlineData("Ok-1.2_x:y@z#+=", "Ok-1.2_x:y@z#+=")]
    [InlineData("Grüße", "Grüße")]
    public void LabelsAreEncodedAsUdevNamesTheirLinks(string label, string encoded) => Assert.Equal(encoded, DeviceSource.UdevEncode(label));

    private void Link(string directory, string name) =>
        File.CreateSymbolicLink(Path.Combine(_root.Sub(Path.Combine("dev", "disk", directory)), name), Path.Combine("..", "..", "sda3"));
}
