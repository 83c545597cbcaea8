namespace Mandos.Server.Hosting;

/// <summary>The unprivileged user and group the server runs as once its socket is bound.</summary>
public sealed record ServiceAccount(string UserName, string GroupName, uint Uid, uint Gid)
{
    /// <summary>Upstream's last resort when none of its candidate names exist.</summary>
    public static ServiceAccount Fallback { get; } = new("65534", "65534", 65534, 65534);

    public override string ToString() => $"{UserName}:{GroupName} ({Uid}:{Gid})";
}
