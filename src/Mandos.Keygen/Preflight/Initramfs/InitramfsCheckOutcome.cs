namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// What <see cref="InitramfsCheck.Run"/> found: its lines (check "initramfs"), and what the boot
/// will use from the image, null when the image could not be read.
/// </summary>
public sealed record InitramfsCheckOutcome(IReadOnlyList<CheckResult> Results, InitramfsBootConfig? BootConfig);
