namespace Mandos.Core.Logging;

/// <summary>Writes each record as one line on standard error, shaped by the program.</summary>
public sealed class ConsoleSink(Func<LogLevel, string, string> format) : ILogSink
{
    private readonly object _lock = new();

    public void Write(LogLevel level, string message)
    {
        string line = format(level, message);
        lock (_lock)
        {
            Console.Error.WriteLine(line);
        }
    }
}
