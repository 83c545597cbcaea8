namespace Mandos.Core.CommandLine;

/// <summary>The command line is malformed: unknown option, missing value, bad number.</summary>
public sealed class UsageException(string message) : Exception(message);
