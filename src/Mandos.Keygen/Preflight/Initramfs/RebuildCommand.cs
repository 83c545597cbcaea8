namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>What to run to make an image again, for a line's Fix.</summary>
internal static class RebuildCommand
{
    private const string UpdateInitramfs = "/usr/sbin/update-initramfs";

    /// <summary>"run update-initramfs -u -k VERSION" or "run dracut --force IMAGE VERSION".</summary>
    public static string For(InitramfsGenerator generator, string imagePath, bool create = false)
    {
        string? release = DefaultInitramfs.KernelReleaseOf(imagePath);
        if (generator == InitramfsGenerator.Unknown)
        {
            // not told by the image: by what this host has
            generator = File.Exists(UpdateInitramfs) ? InitramfsGenerator.InitramfsTools : InitramfsGenerator.Dracut;
        }
        return generator == InitramfsGenerator.Dracut
            ? $"run dracut --force {imagePath}{(release is null ? "" : " " + release)}"
            : $"run update-initramfs {(create ? "-c" : "-u")} -k {release ?? "all"}";
    }

    /// <summary>The generator's name as its users know it.</summary>
    public static string Name(InitramfsGenerator generator) => generator switch
    {
        InitramfsGenerator.InitramfsTools => "initramfs-tools",
        InitramfsGenerator.Dracut => "dracut",
        _ => "an unknown generator",
    };
}
