using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Monitor;

/// <summary>The two mandos-monitor programs and the servers they can watch, by the names the theories use.</summary>
public static class MonitorPrograms
{
    public const string Debian = "debian";
    public const string Ours = "ours";

    /// <summary>Debian's monitor (urwid, Python) or our published one.</summary>
    public static string Monitor(string which) => which switch
    {
        Debian => "/usr/sbin/mandos-monitor",
        Ours => RepoPaths.Program("mandos-monitor"),
        _ => throw new ArgumentException("no such monitor: " + which),
    };

    /// <summary>A server with its D-Bus API on <paramref name="bus"/>, reading <paramref name="configDir"/>.</summary>
    public static async Task<IMandosServer> StartServerAsync(string which, TempDir dir, string configDir, PrivateSystemBus bus) => which switch
    {
        Debian => await DebianServer.StartAsync(dir.Sub("server"), configDir, bus),
        Ours => await OurServer.StartAsync(configDir, dir.Sub("state"), bus),
        _ => throw new ArgumentException("no such server: " + which),
    };

    /// <summary>The servers with a D-Bus API: Debian's and ours.</summary>
    public static TheoryData<string> Servers => new() { Debian, Ours };
}
