namespace Mandos.Core.Logging;

/// <summary>
/// The program's log: records at or above <see cref="Minimum"/> go to every sink. Callers must
/// never pass a secret in a message; key IDs, names and addresses are fine.
/// </summary>
public sealed class Log(LogLevel minimum, params ILogSink[] sinks)
{
    public LogLevel Minimum { get; set; } = minimum;

    /// <summary>
    /// The program's name in each record (<c>Mandos</c>, <c>Mandos (NAME)</c>); sinks that show it
    /// follow changes through <see cref="TagChanged"/>.
    /// </summary>
    public string Tag
    {
        get;
        set
        {
            field = value;
            TagChanged?.Invoke(value);
        }
    } = "";

    public event Action<string>? TagChanged;

    public bool IsEnabled(LogLevel level) => level >= Minimum;

    public void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }
        foreach (ILogSink sink in sinks)
        {
            sink.Write(level, message);
        }
    }

    public void Debug(string message) => Write(LogLevel.Debug, message);

    public void Info(string message) => Write(LogLevel.Info, message);

    public void Warning(string message) => Write(LogLevel.Warning, message);

    public void Error(string message) => Write(LogLevel.Error, message);

    public void Critical(string message) => Write(LogLevel.Critical, message);

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>Parses upstream's <c>--debuglevel</c> names, case-insensitively.</summary>
    public static bool TryParseLevel(string name, out LogLevel level)
    {
        switch (name.Trim().ToUpperInvariant())
        {
            case "DEBUG": level = LogLevel.Debug; return true;
            case "INFO": level = LogLevel.Info; return true;
            case "WARNING": level = LogLevel.Warning; return true;
            case "ERROR": level = LogLevel.Error; return true;
            case "CRITICAL": level = LogLevel.Critical; return true;
            default: level = LogLevel.Warning; return false;
        }
    }
}
