using System.Net.Sockets;
using System.Text;

namespace Mandos.Core.Logging;

/// <summary>
/// Sends records to the local syslog daemon through <c>/dev/log</c> (facility daemon), tagged as
/// upstream does: <c>Mandos [PID]: LEVEL: message</c>. If no syslog listens, records are dropped
/// silently: the console sink still has them in the foreground.
/// </summary>
public sealed class SyslogSink : ILogSink, IDisposable
{
    private const int FacilityDaemon = 3;
    private readonly Socket? _socket;
    private readonly object _lock = new();

    public SyslogSink(string path = "/dev/log")
    {
        Tag = "Mandos";
        try
        {
            if (File.Exists(path))
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(path));
                _socket = socket;
            }
        }
        catch (SocketException)
        {
            _socket = null;
        }
    }

    /// <summary>Program tag, e.g. <c>Mandos</c> or <c>Mandos (NAME)</c> for a non-default service name.</summary>
    public string Tag { get; set; }

    public bool Connected => _socket is not null;

    public void Write(LogLevel level, string message)
    {
        if (_socket is null)
        {
            return;
        }
        int priority = FacilityDaemon * 8 + Severity(level);
        string record = $"<{priority}>{Tag} [{Environment.ProcessId}]: {Log.LevelName(level)}: {message}";
        try
        {
            lock (_lock)
            {
                _socket.Send(Encoding.UTF8.GetBytes(record));
            }
        }
        catch (SocketException)
        {
            // syslog went away or is full: logging must never take the server down.
        }
    }

    public void Dispose() => _socket?.Dispose();

    private static int Severity(LogLevel level) => level switch
    {
        LogLevel.Debug => 7,
        LogLevel.Info => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };
}
