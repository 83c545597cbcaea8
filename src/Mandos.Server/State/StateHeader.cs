namespace Mandos.Server.State;

/// <summary>Only the format version, read before the rest so that a newer file is reported as such, not as corrupt.</summary>
internal sealed record StateHeader(int Format);
