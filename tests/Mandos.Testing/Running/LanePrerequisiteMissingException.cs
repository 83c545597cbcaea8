namespace Mandos.Testing.Running;

/// <summary>The failure of a test whose lane cannot run on a CI machine (CI=true), carrying the missing prerequisite.</summary>
public sealed class LanePrerequisiteMissingException(string message) : Exception(message);
