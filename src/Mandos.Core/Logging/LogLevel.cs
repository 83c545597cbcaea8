namespace Mandos.Core.Logging;

/// <summary>Severity, numbered as Python's logging levels (upstream's names appear in the log).</summary>
public enum LogLevel
{
    Debug = 10,
    Info = 20,
    Warning = 30,
    Error = 40,
    Critical = 50,
}
