namespace Mandos.PasswordAgent;

/// <summary>What wakes the agent: a changed file in the agent directory, or the client's end (exit status and output).</summary>
public sealed record AgentEvent(string? ChangedFile, int? ClientStatus = null, byte[]? Password = null, int PasswordLength = 0);
