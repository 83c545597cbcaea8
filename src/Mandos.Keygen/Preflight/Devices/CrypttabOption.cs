namespace Mandos.Keygen.Preflight.Devices;

/// <summary>One option of a crypttab(5) line's fourth field: a flag (<c>initramfs</c>, Value null) or <c>name=value</c> (<c>keyscript=…</c>).</summary>
public sealed record CrypttabOption(string Name, string? Value);
