using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Core.Interop;
using Mandos.Core.Logging;

namespace Mandos.Server.Listener;

/// <summary>
/// Creates the listening socket as upstream does: IPv6 dual-stack by default (IPv4 only with
/// use_ipv6 off), an ephemeral port when neither address nor port is set, SO_BINDTODEVICE for
/// <c>interface</c> (refusals logged and ignored), or an inherited socket from <c>--socket FD</c>
/// (or <c>socket = FD</c> in mandos.conf), of which it uses a close-on-exec duplicate.
/// </summary>
public static class ListeningSocketFactory
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int SoType = 3;
    private const int SoBindToDevice = 25;
    private const int SoProtocol = 38;
    private const int SoDomain = 39;
    private const int AfUnix = 1;
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStream = 1;
    private const int SockDgram = 2;
    private const int IpProtoTcp = 6;
    private const int Backlog = 512;
    private const int FirstAboveStandardStreams = 3;

    public static Socket Create(ListenAddress where, Log log)
    {
        Socket socket = where.InheritedSocket is int fd ? Adopt(fd, where.OwnsInheritedSocket) : NewSocket(where.UseIpv6);
        try
        {
            if (where.Interface.Length > 0)
            {
                BindToDevice(socket, where.Interface, log);
            }
            if (where.InheritedSocket is null || where.Address.Length > 0 || where.Port is not null)
            {
                if (where.Port is not null)
                {
                    // Plain SO_REUSEADDR: .NET's ReuseAddress also sets SO_REUSEPORT, which would let
                    // a second server share the port silently.
                    SetOption(socket, SoReuseAddr, BitConverter.GetBytes(1));
                }
                socket.Bind(new IPEndPoint(ParseAddress(where.Address, socket.AddressFamily), where.Port ?? 0));
            }
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The server's own copy of a passed-in socket (<c>--socket FD</c> or <c>socket = FD</c>): a
    /// duplicate numbered above 2 and closed on exec. The passed descriptor itself is never
    /// closed, not even on errors or at exit, so its number is never reused for something else
    /// while the program that passed it may still rely on it (as upstream, whose Python socket
    /// object is made from a duplicate too); and descriptors 0 to 2, which a daemon or a checker
    /// gets /dev/null on, are never the server's listening socket (upstream 1.8.18 does this for
    /// the configuration file's <c>socket</c>; we do it for both). Only an IPv4 or IPv6 TCP socket
    /// that is not connected is taken: anything else (a file, a UDP or Unix-domain socket) is
    /// refused in one sentence naming the descriptor and the option, before anything else starts.
    /// </summary>
    /// <param name="fd">the passed descriptor</param>
    /// <param name="owned">whether <paramref name="fd"/> is a copy of our own (the daemon's, see
    /// <see cref="Hosting.Daemon"/>), which is closed once duplicated, so no stray copy stays open</param>
    private static Socket Adopt(int fd, bool owned)
    {
        int copy = Libc.Fcntl(fd, Libc.DuplicateCloseOnExec, FirstAboveStandardStreams);
        int dupErrno = copy < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (owned)
        {
            _ = Libc.Close(fd);
        }
        if (copy < 0)
        {
            throw PassedSocketProblem(fd, Marshal.GetPInvokeErrorMessage(dupErrno));
        }
        string? problem = ProblemWithPassed(copy);
        if (problem is not null)
        {
            _ = Libc.Close(copy);
            throw PassedSocketProblem(fd, problem);
        }
        return new Socket(new SafeSocketHandle(copy, ownsHandle: true));
    }

    private static ListenerException PassedSocketProblem(int fd, string problem) =>
        new($"socket {fd} (--socket or socket in mandos.conf): {problem}");

    // What makes a passed descriptor unusable as the listening socket, or null when it is usable.
    private static string? ProblemWithPassed(int fd)
    {
        if (GetOption(fd, SoDomain, out int domain) is int errno and not 0)
        {
            return errno == Errno.NotASocket ? "not a socket" : Marshal.GetPInvokeErrorMessage(errno);
        }
        _ = GetOption(fd, SoType, out int type);
        _ = GetOption(fd, SoProtocol, out int protocol);
        bool inet = domain is AfInet or AfInet6;
        if (!inet || type != SockStream || protocol != IpProtoTcp)
        {
            string what = (domain, type) switch
            {
                (AfUnix, _) => "a Unix-domain socket",
                (AfInet or AfInet6, SockDgram) => "a UDP socket",
                (AfInet or AfInet6, _) => $"an IP socket of type {type} and protocol {protocol}",
                _ => $"a socket of address family {domain}",
            };
            return $"{what}, not a TCP socket";
        }
        if (IsConnected(fd))
        {
            return "a connected TCP socket, not one to listen on";
        }
        return null;
    }

    private static unsafe int GetOption(int fd, int option, out int value)
    {
        int result = 0;
        uint length = sizeof(int);
        int ok = Libc.GetSockOpt(fd, SolSocket, option, (byte*)&result, &length);
        value = result;
        return ok == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private static unsafe bool IsConnected(int fd)
    {
        byte* address = stackalloc byte[128];
        uint length = 128;
        return Libc.GetPeerName(fd, address, &length) == 0;
    }

    private static Socket NewSocket(bool useIpv6)
    {
        if (!useIpv6)
        {
            return new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        }
        return new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
    }

    /// <summary>
    /// Parses the listen address for the socket's family. Upstream wants IPv4 written as
    /// <c>::FFFF:a.b.c.d</c> on an IPv6 socket; a plain IPv4 address is mapped for the user.
    /// </summary>
    internal static IPAddress ParseAddress(string address, AddressFamily family)
    {
        if (address.Length == 0)
        {
            return family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        }
        if (!IPAddress.TryParse(address, out IPAddress? ip))
        {
            throw new ListenerException($"invalid listen address \"{address}\"");
        }
        if (family == AddressFamily.InterNetworkV6 && ip.AddressFamily == AddressFamily.InterNetwork)
        {
            return ip.MapToIPv6();
        }
        if (family == AddressFamily.InterNetwork && ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (ip.IsIPv4MappedToIPv6)
            {
                return ip.MapToIPv4();
            }
            throw new ListenerException($"IPv6 address \"{address}\" given with use_ipv6 off");
        }
        return ip;
    }

    private static void BindToDevice(Socket socket, string interfaceName, Log log)
    {
        int errno = SetOption(socket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
        if (errno is Errno.NotPermitted or Errno.NoSuchDevice or Errno.ProtocolOptionUnavailable)
        {
            // As upstream: without the privilege, or without such an interface, carry on unbound.
            log.Error($"SO_BINDTODEVICE to interface {interfaceName} failed: {Marshal.GetPInvokeErrorMessage(errno)}; listening on all interfaces");
        }
        else if (errno != 0)
        {
            throw new ListenerException($"cannot bind to interface {interfaceName}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    // setsockopt through libc: .NET's wrappers lose errno, which decides what is fatal here.
    private static unsafe int SetOption(Socket socket, int option, byte[] value)
    {
        fixed (byte* v = value)
        {
            return Libc.SetSockOpt((int)socket.Handle, SolSocket, option, v, (uint)value.Length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }
}
