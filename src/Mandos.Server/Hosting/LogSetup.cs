using Mandos.Core.Config;
using Mandos.Core.Logging;

namespace Mandos.Server.Hosting;

/// <summary>
/// The server's log as upstream's: syslog (facility daemon) tagged <c>Mandos [PID]</c>, level
/// WARNING unless <c>debuglevel</c> says otherwise, DEBUG with <c>--debug</c>; in the foreground
/// the same records also go to standard error with a timestamp.
/// </summary>
public static class LogSetup
{
    public static Log ForServer(ServerSettings settings)
    {
        LogLevel level = LogLevel.Warning;
        if (settings.Debug)
        {
            level = LogLevel.Debug;
        }
        else if (settings.DebugLevel.Length > 0 && !Log.TryParseLevel(settings.DebugLevel, out level))
        {
            throw new ConfigException($"mandos.conf: [DEFAULT] debuglevel: unknown level \"{settings.DebugLevel}\"");
        }
        string tag = settings.ServiceName == "Mandos" ? "Mandos" : $"Mandos ({settings.ServiceName})";
        var syslog = new SyslogSink { Tag = tag };
        if (!settings.RunsInForeground)
        {
            return new Log(level, syslog);
        }
        var console = new ConsoleSink((lvl, msg) =>
            $"{DateTime.Now:yyyy-MM-dd HH:mm:ss,fff} {tag} [{Environment.ProcessId}]: {Log.LevelName(lvl)}: {msg}");
        return new Log(level, syslog, console);
    }
}
