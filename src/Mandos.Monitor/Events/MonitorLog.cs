using System.Globalization;
using Mandos.Core.Logging;

namespace Mandos.Monitor.Events;

/// <summary>
/// The log pane's lines: <c>TIMESTAMP: message</c> (Python logging's asctime, local time),
/// records below the threshold dropped as they arrive (INFO normally, everything in verbose mode),
/// the oldest lines dropped past <see cref="Capacity"/>.
/// </summary>
public sealed class MonitorLog(TimeProvider time, int capacity = 1000)
{
    private readonly List<LogLine> _lines = [];

    public int Capacity { get; } = capacity;

    public IReadOnlyList<LogLine> Lines => _lines;

    public bool Verbose { get; private set; }

    /// <summary>Raised after a line was added.</summary>
    public event Action? Added;

    public void Write(LogMessage message)
    {
        if (message.Level < (Verbose ? LogLevel.Debug : LogLevel.Info))
        {
            return;
        }
        string stamp = time.GetLocalNow().ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
        Append(new LogLine($"{stamp}: {message.Text}", message.Level > LogLevel.Info));
    }

    /// <summary>A bold line without a timestamp (banner, help).</summary>
    public void WriteBold(string text) => Append(new LogLine(text, true));

    /// <summary>Toggles verbose mode and logs the new state (as upstream: after switching).</summary>
    public void ToggleVerbose()
    {
        Verbose = !Verbose;
        Write(MonitorMessages.Verbose(Verbose));
    }

    private void Append(LogLine line)
    {
        _lines.Add(line);
        if (_lines.Count > Capacity)
        {
            _lines.RemoveRange(0, _lines.Count - Capacity);
        }
        Added?.Invoke();
    }
}
