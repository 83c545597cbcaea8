using System.Net.Sockets;
using System.Text;
using Mandos.Core.Errors;

namespace Mandos.Server.Hosting;

/// <summary>
/// The sd_notify protocol without libsystemd: each state change is one datagram of
/// <c>KEY=value</c> lines sent to the unix socket named by <c>NOTIFY_SOCKET</c>. With
/// <c>Type=notify</c>, systemd starts the units ordered after mandos only once it listens.
/// Without <c>NOTIFY_SOCKET</c> (not under systemd, or another unit type) every call does nothing.
/// </summary>
public sealed class SystemdNotifier
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly string? _address;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    /// <summary>Why <c>NOTIFY_SOCKET</c> could not be used, if it is set but unusable.</summary>
    public string? Problem { get; }

    /// <param name="socketAddress">The value of <c>NOTIFY_SOCKET</c>: a path, or <c>@name</c> for the abstract namespace.</param>
    public SystemdNotifier(string? socketAddress)
    {
        if (string.IsNullOrEmpty(socketAddress))
        {
            return;
        }
        _address = socketAddress;
        if (socketAddress[0] == '@')
        {
            // Linux abstract socket: the name is the bytes after a leading NUL, not a file.
            _endPoint = new UnixDomainSocketEndPoint("\0" + socketAddress[1..]);
        }
        else if (socketAddress[0] == '/')
        {
            _endPoint = new UnixDomainSocketEndPoint(socketAddress);
        }
        else
        {
            // systemd 254 added vsock: addresses, for virtual machines; a server has no use for them.
            Problem = $"{SocketVariable}={socketAddress}: only unix socket addresses are supported";
        }
    }

    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable(SocketVariable));

    /// <summary>Whether there is a service manager to tell anything.</summary>
    public bool IsEnabled => _endPoint is not null;

    /// <summary>The server listens: systemd considers the unit started.</summary>
    public string? Ready(string? status = null) => Notify(status is null ? "READY=1" : $"READY=1\nSTATUS={status}");

    /// <summary>The server is shutting down, so systemd shows "deactivating" rather than a crash.</summary>
    public string? Stopping() => Notify("STOPPING=1");

    /// <summary>A free-form line that <c>systemctl status</c> shows.</summary>
    public string? Status(string status) => Notify($"STATUS={status}");

    /// <summary>
    /// Sends <paramref name="state"/> (newline-separated assignments) as one datagram. Returns
    /// null when sent or when there is no socket, else a warning: a service manager that cannot
    /// be told is no reason to stop serving.
    /// </summary>
    public string? Notify(string state)
    {
        if (_endPoint is null)
        {
            return null;
        }
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint);
            return null;
        }
        catch (SocketException e)
        {
            return $"Could not notify systemd at {_address} ({state.Replace('\n', ' ')}): {ErrorText.Of(e)}";
        }
    }
}
