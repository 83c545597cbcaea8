namespace Mandos.PasswordAgent.Cli;

/// <summary>password-agent's settings.</summary>
public sealed class AgentOptions
{
    public string AgentDirectory { get; init; } = "/run/systemd/ask-password";

    public string HelperDirectory { get; init; } = "/lib/mandos/plugin-helpers";

    public uint UserId { get; init; } = 65534;

    public uint GroupId { get; init; } = 65534;

    /// <summary>The Mandos client to run, argv[0] first.</summary>
    public IReadOnlyList<string> Client { get; init; } = ["/lib/mandos/plugins.d/mandos-client"];
}
