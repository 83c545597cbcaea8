namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// A device whose unlocking the next boot leaves to Mandos: the crypttab target it is opened as
/// (null when named with <c>--device PATH</c>), its source as written (a path or <c>UUID=</c>,
/// …), and the crypttab options that change which key slot a passphrase may open
/// (<c>header=</c>, <c>key-slot=</c>, <c>keyfile-size=</c>, <c>keyfile-offset=</c>).
/// </summary>
public sealed record BootDevice(string? Target, string Source, IReadOnlyList<CrypttabOption> Options)
{
    public static BootDevice FromEntry(CrypttabEntry entry) => new(entry.Target, entry.Source, entry.Options);

    /// <summary>The device <c>--device PATH</c> names, with no crypttab entry behind it.</summary>
    public static BootDevice Named(string path) => new(null, path, []);

    /// <summary>How a message names it: the path, and the crypttab target when there is one, control characters shown as '?'.</summary>
    public string Describe(string path) =>
        Target is null ? PrintableText.Of(path) : $"{PrintableText.Of(path)} (crypttab: {PrintableText.Of(Target)})";
}
