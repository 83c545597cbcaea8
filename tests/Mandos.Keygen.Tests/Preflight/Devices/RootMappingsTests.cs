using Mandos.Keygen.Preflight.Devices;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Devices;

[Lane(Lane.Unit)]
public sealed class RootMappingsTests
{
    private const string Mountinfo = """
        22 1 254:2 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw,errors=remount-ro
        23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
        24 22 8:1 / /boot rw,relatime shared:2 - ext4 /dev/sda1 rw
        25 22 254:3 / /usr rw,relatime shared:3 - ext4 /dev/mapper/usr_crypt rw
        26 22 8:17 / /srv/my\040data rw,relatime shared:4 - ext4 /dev/sdb1 rw
        27 22 254:9 / / rw,relatime shared:5 - ext4 /dev/mapper/later rw
        """;

    [Fact]
    public void MountedTakesTheLastMountOfEachMountPoint()
    {
        IReadOnlyList<MountedDevice> mounted = RootMappings.Mounted(Mountinfo, ["/", "/usr", "/srv/my data"]);

        Assert.Equal(
            [new MountedDevice("/", "254:9", "/dev/mapper/later"), new MountedDevice("/usr", "254:3", "/dev/mapper/usr_crypt"), new MountedDevice("/srv/my data", "8:17", "/dev/sdb1")],
            mounted.OrderBy(m => m.MountPoint == "/" ? 0 : m.MountPoint == "/usr" ? 1 : 2));
    }

    [Fact]
    public void LvmOnLuksLeadsThroughSlavesToTheCryptMapping()
    {
        using var sys = new TempDir();
        Block(sys, "sda3", "8:3");
        Block(sys, "dm-0", "254:0", "sda3_crypt", "CRYPT-LUKS2-0123456789abcdef-sda3_crypt", slaves: ["sda3"]);
        Block(sys, "dm-2", "254:2", "vg-root", "LVM-abcdef", slaves: ["dm-0"]);
        Block(sys, "dm-3", "254:3", "usr_crypt", "CRYPT-LUKS1-fedcba-usr_crypt", slaves: ["sda4"]);
        Block(sys, "sda4", "8:4");
        Block(sys, "dm-5", "254:5", "unrelated_crypt", "CRYPT-LUKS2-1111-unrelated_crypt", slaves: ["sdb1"]);

        IReadOnlySet<string> names = RootMappings.CryptMappings(
            [new MountedDevice("/", "254:2", "/dev/mapper/vg-root"), new MountedDevice("/usr", "254:3", "/dev/mapper/usr_crypt")], sys.Path);

        Assert.Equal(new HashSet<string> { "sda3_crypt", "usr_crypt" }, names);
    }

    [Fact]
    public void APlainPartitionHasNoCryptMapping()
    {
        using var sys = new TempDir();
        Block(sys, "sda1", "8:1");

        Assert.Empty(RootMappings.CryptMappings([new MountedDevice("/", "8:1", "/dev/sda1")], sys.Path));
        Assert.Empty(RootMappings.CryptMappings([new MountedDevice("/", "8:1", "/dev/sda1")], Path.Combine(sys.Path, "absent")));
    }

    private static void Block(TempDir sys, string name, string number, string? dmName = null, string? dmUuid = null, string[]? slaves = null)
    {
        string dir = sys.Sub(Path.Combine("class", "block", name));
        File.WriteAllText(Path.Combine(dir, "dev"), number + "\n");
        if (dmName is not null)
        {
            string dm = sys.Sub(Path.Combine("class", "block", name, "dm"));
            File.WriteAllText(Path.Combine(dm, "name"), dmName + "\n");
            File.WriteAllText(Path.Combine(dm, "uuid"), dmUuid + "\n");
        }
        foreach (string slave in slaves ?? [])
        {
            string slavesDir = sys.Sub(Path.Combine("class", "block", name, "slaves"));
            File.CreateSymbolicLink(Path.Combine(slavesDir, slave), Path.Combine("..", "..", slave));
        }
    }
}
