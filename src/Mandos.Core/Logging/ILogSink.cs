namespace Mandos.Core.Logging;

/// <summary>Somewhere log records go: syslog, the console.</summary>
public interface ILogSink
{
    void Write(LogLevel level, string message);
}
