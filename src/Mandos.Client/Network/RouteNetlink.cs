using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Client.Network;

/// <summary>
/// Adds or deletes a host route over rtnetlink, as upstream's helper does: main table, link
/// scope, unicast, protocol "boot", destination the server's address, through one interface.
/// Needs CAP_NET_ADMIN.
/// </summary>
public static class RouteNetlink
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int NetlinkRoute = 0;
    private const ushort RtmNewRoute = 24;
    private const ushort RtmDelRoute = 25;
    private const ushort NlmsgError = 2;
    private const ushort FlagRequest = 0x1;
    private const ushort FlagAck = 0x4;
    private const ushort FlagExclusive = 0x200;
    private const ushort FlagCreate = 0x400;
    private const byte TableMain = 254;
    private const byte ProtocolBoot = 3;
    private const byte ScopeLink = 253;
    private const byte TypeUnicast = 1;
    private const ushort AttributeDestination = 1;
    private const ushort AttributeOutputInterface = 4;

    /// <summary>Adds (or with <paramref name="add"/> false deletes) the on-link host route; throws IOException with the kernel's reason.</summary>
    public static void Change(bool add, IPAddress address, int interfaceIndex)
    {
        byte[] destination = address.GetAddressBytes();
        int length = 16 + 12 + Align(4 + destination.Length) + 8;
        byte[] message = new byte[length];
        Span<byte> m = message;
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(m[4..], add ? RtmNewRoute : RtmDelRoute);
        BinaryPrimitives.WriteUInt16LittleEndian(m[6..], (ushort)(FlagRequest | FlagAck | (add ? FlagCreate | FlagExclusive : 0)));
        BinaryPrimitives.WriteUInt32LittleEndian(m[8..], 1);
        m[16] = (byte)(address.AddressFamily == AddressFamily.InterNetworkV6 ? 10 : 2);
        m[17] = (byte)(destination.Length * 8);
        m[20] = TableMain;
        m[21] = ProtocolBoot;
        m[22] = ScopeLink;
        m[23] = TypeUnicast;
        int offset = 28;
        BinaryPrimitives.WriteUInt16LittleEndian(m[offset..], (ushort)(4 + destination.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(m[(offset + 2)..], AttributeDestination);
        destination.CopyTo(m[(offset + 4)..]);
        offset += Align(4 + destination.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(m[offset..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(m[(offset + 2)..], AttributeOutputInterface);
        BinaryPrimitives.WriteInt32LittleEndian(m[(offset + 4)..], interfaceIndex);
        int error = Exchange(message);
        if (error != 0)
        {
            throw new NetworkControlException(Marshal.GetPInvokeErrorMessage(error));
        }
    }

    private static int Align(int n) => (n + 3) & ~3;

    /// <summary>Sends one request and returns the errno of the kernel's acknowledgement (0 = done).</summary>
    private static unsafe int Exchange(byte[] request)
    {
        int fd = Libc.Socket(AfNetlink, SockRaw | OpenFlags.CloseOnExec, NetlinkRoute);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            fixed (byte* p = request)
            {
                if (Libc.Write(fd, p, request.Length) != request.Length)
                {
                    return Marshal.GetLastPInvokeError();
                }
            }
            byte[] reply = new byte[8192];
            fixed (byte* p = reply)
            {
                nint got = Libc.Read(fd, p, reply.Length);
                if (got < 20)
                {
                    return got < 0 ? Marshal.GetLastPInvokeError() : Errno.InputOutput;
                }
                if (BinaryPrimitives.ReadUInt16LittleEndian(reply.AsSpan(4)) != NlmsgError)
                {
                    return Errno.ProtocolError;
                }
                return -BinaryPrimitives.ReadInt32LittleEndian(reply.AsSpan(16));
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }
}
