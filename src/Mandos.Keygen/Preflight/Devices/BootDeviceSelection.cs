namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// The devices the next boot unlocks through Mandos, where they were found (<see cref="Origin"/>,
/// for the message when there are none), and one sentence per crypttab line that could not be read.
/// </summary>
public sealed record BootDeviceSelection(IReadOnlyList<BootDevice> Devices, string Origin, IReadOnlyList<string> Problems);
