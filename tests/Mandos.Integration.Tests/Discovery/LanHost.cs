namespace Mandos.Integration.Tests.Discovery;

/// <summary>A host of a <see cref="VirtualLan"/>: its namespace, a host name unique to the test, its IPv4 address if any.</summary>
public sealed record LanHost(string Namespace, string HostName, string? Ipv4)
{
    /// <summary>The host's one interface, in its namespace.</summary>
    public const string Interface = "lan0";

    /// <summary>The argument list that runs a program in this host's namespace.</summary>
    public string[] Exec(string program, params string[] args) => ["netns", "exec", Namespace, program, .. args];
}
