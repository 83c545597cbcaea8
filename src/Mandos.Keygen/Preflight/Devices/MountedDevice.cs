namespace Mandos.Keygen.Preflight.Devices;

/// <summary>What is mounted at a mount point: the device number (<c>MAJOR:MINOR</c>) and the source, from mountinfo.</summary>
public sealed record MountedDevice(string MountPoint, string DeviceNumber, string Source);
