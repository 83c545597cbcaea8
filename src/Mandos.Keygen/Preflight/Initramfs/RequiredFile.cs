namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>A file the boot needs in the image, at any one of <see cref="Candidates"/> (systemd's unit directory is /lib or /usr/lib).</summary>
internal sealed record RequiredFile(bool Executable, params string[] Candidates)
{
    /// <summary>The first candidate the image holds, or null.</summary>
    public string? FoundIn(InitramfsImage image) => Candidates.FirstOrDefault(image.Exists);
}
