using Mandos.Core.Logging;
using Mandos.Core.Posix;
using Mandos.Server.Config;

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
        string tag = TagFor(settings.ServiceName);
        var syslog = new SyslogSink { Tag = tag };
        Log log;
        // Under systemd (the unit runs the server in the foreground) standard error is the journal,
        // which already has every record from syslog: a copy there would log everything twice.
        if (settings.RunsInForeground && (settings.Debug || !StandardErrorIsTheJournal()))
        {
            var console = new ConsoleSink((lvl, msg) =>
                $"{DateTime.Now:yyyy-MM-dd HH:mm:ss,fff} {tag} [{Environment.ProcessId}]: {Log.LevelName(lvl)}: {msg}");
            log = new Log(level, syslog, console);
        }
        else
        {
            log = new Log(level, syslog);
        }
        log.Tag = tag;
        log.TagChanged += newTag =>
        {
            tag = newTag;
            syslog.Tag = newTag;
        };
        return log;
    }

    /// <summary>
    /// systemd's way to tell: JOURNAL_STREAM holds "DEVICE:INODE" of the journal's stream, which
    /// is ours only while standard error is still connected to it.
    /// </summary>
    private static bool StandardErrorIsTheJournal()
    {
        string? stream = Environment.GetEnvironmentVariable("JOURNAL_STREAM");
        if (string.IsNullOrEmpty(stream))
        {
            return false;
        }
        return FileStatus.Of(2) is FileStatus status && stream == $"{status.Device}:{status.Inode}";
    }

    /// <summary>
    /// Upstream's tag: <c>Mandos</c> for the default service name, else <c>Mandos (NAME)</c>, also
    /// after a Zeroconf rename to an alternative name.
    /// </summary>
    public static string TagFor(string serviceName) => serviceName == "Mandos" ? "Mandos" : $"Mandos ({serviceName})";
}
