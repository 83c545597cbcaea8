namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// One line of a crypttab(5): the mapping cryptsetup creates (<see cref="Target"/>, as
/// /dev/mapper/TARGET), the device or file holding the encrypted data (<see cref="Source"/>: a path
/// or <c>UUID=</c>, <c>PARTUUID=</c>, <c>LABEL=</c>, <c>PARTLABEL=</c>), the key file field
/// (<c>none</c>: a passphrase is asked for; with a keyscript, the keyscript's argument) and the
/// options, each with its octal escapes (<c>\040</c>) decoded. <see cref="Line"/> is the line number.
/// </summary>
public sealed record CrypttabEntry(string Target, string Source, string KeyFile, IReadOnlyList<CrypttabOption> Options, int Line)
{
    /// <summary>The key file field that makes cryptsetup ask for the passphrase.</summary>
    public const string NoKeyFile = "none";

    /// <summary>Whether the option is present, as a flag or with a value.</summary>
    public bool Has(string name) => Options.Any(o => o.Name == name);

    /// <summary>The option's value (the last one given wins, as in Debian's cryptsetup scripts); null when absent or a flag.</summary>
    public string? Value(string name) => Options.LastOrDefault(o => o.Name == name)?.Value;
}
