using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Core.Interop;

namespace Mandos.Client.Network;

/// <summary>
/// Reads and sets interface flags with SIOCGIFFLAGS / SIOCSIFFLAGS (as upstream does), and looks
/// interfaces up in /sys/class/net. Setting flags needs CAP_NET_ADMIN.
/// </summary>
public static class InterfaceControl
{
    private const ulong SiocGetFlags = 0x8913;
    private const ulong SiocSetFlags = 0x8914;
    private const int IfReqSize = 40;
    private const int IfNameSize = 16;

    public static string SysClassNet { get; set; } = "/sys/class/net";

    public static bool Exists(string name) =>
        IsValidName(name) && Directory.Exists(Path.Combine(SysClassNet, name));

    /// <summary>The kernel's interface index, or 0 if there is no such interface.</summary>
    public static int IndexOf(string name)
    {
        try
        {
            return IsValidName(name) && int.TryParse(File.ReadAllText(Path.Combine(SysClassNet, name, "ifindex")).Trim(), out int i) ? i : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The interface with index <paramref name="index"/>, or null.</summary>
    public static string? NameOf(int index) => All().FirstOrDefault(n => IndexOf(n) == index);

    /// <summary>Every interface's name, sorted as alphasort(3) sorts in the C locale.</summary>
    public static IReadOnlyList<string> All()
    {
        try
        {
            return Directory.GetFileSystemEntries(SysClassNet).Select(Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    public static InterfaceFlags GetFlags(string name)
    {
        Span<byte> request = stackalloc byte[IfReqSize];
        WriteName(request, name);
        Ioctl(SiocGetFlags, request, name);
        return (InterfaceFlags)BinaryPrimitives.ReadUInt16LittleEndian(request[IfNameSize..]);
    }

    public static void SetUp(string name, bool up)
    {
        Span<byte> request = stackalloc byte[IfReqSize];
        WriteName(request, name);
        Ioctl(SiocGetFlags, request, name);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(request[IfNameSize..]);
        flags = up ? (ushort)(flags | (ushort)InterfaceFlags.Up) : (ushort)(flags & ~(ushort)InterfaceFlags.Up);
        BinaryPrimitives.WriteUInt16LittleEndian(request[IfNameSize..], flags);
        Ioctl(SiocSetFlags, request, name);
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and < IfNameSize && !name.Contains('/') && name is not "." and not "..";

    private static void WriteName(Span<byte> request, string name)
    {
        if (!IsValidName(name))
        {
            throw new NetworkControlException($"\"{name}\" is not an interface name");
        }
        Encoding.ASCII.GetBytes(name, request);
    }

    private static unsafe void Ioctl(ulong command, Span<byte> request, string name)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        fixed (byte* p = request)
        {
            if (Libc.Ioctl((int)socket.Handle, command, p) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new NetworkControlException($"interface {name}: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
    }
}
