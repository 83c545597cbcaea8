using Mandos.Core.CommandLine;
using Mandos.Core.Logging;
using Mandos.Server.Config;

namespace Mandos.Server.Cli;

/// <summary>Puts the options actually given on the command line over mandos.conf's settings.</summary>
public static class SettingsFromCommandLine
{
    public static ServerSettings Apply(ServerSettings s, ParsedOptions o)
    {
        string? level = o.Get("debuglevel");
        if (level is not null && !Log.TryParseLevel(level, out _))
        {
            throw new UsageException($"argument --debuglevel: invalid choice: '{level}'");
        }
        return s with
        {
            Interface = o.Get("interface") ?? s.Interface,
            Address = o.Get("address") ?? s.Address,
            Port = o.GetInt("port") ?? s.Port,
            Debug = o.Has("debug") || s.Debug,
            DebugLevel = level ?? s.DebugLevel,
            Priority = o.Get("priority") ?? s.Priority,
            ServiceName = o.Get("servicename") ?? s.ServiceName,
            UseDbus = !o.Has("no-dbus") && s.UseDbus,
            UseIpv6 = !o.Has("no-ipv6") && s.UseIpv6,
            Restore = !o.Has("no-restore") && s.Restore,
            StateDirectory = o.Get("statedir") ?? s.StateDirectory,
            Socket = o.GetInt("socket") ?? s.Socket,
            Foreground = o.Has("foreground") || s.Foreground,
            Zeroconf = !o.Has("no-zeroconf") && s.Zeroconf,
            MaxConnections = ServerCommandLine.ConnectionCount(o, "max-connections") ?? s.MaxConnections,
            MaxConnectionsPerHost = ServerCommandLine.ConnectionCount(o, "max-connections-per-host") ?? s.MaxConnectionsPerHost,
            ConnectionTimeout = ServerCommandLine.ConnectionTimeout(o) ?? s.ConnectionTimeout,
        };
    }
}
