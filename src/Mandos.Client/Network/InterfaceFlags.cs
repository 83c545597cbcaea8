using System.Diagnostics.CodeAnalysis;

namespace Mandos.Client.Network;

/// <summary>The IFF_* bits of <c>linux/if.h</c> that interface selection and bring-up use.</summary>
[Flags]
[SuppressMessage("Naming", "CA1711", Justification = "Linux calls these bits the interface flags (IFF_*, ifr_flags, SIOCGIFFLAGS).")]
public enum InterfaceFlags : ushort
{
    None = 0,
    Up = 0x1,
    Broadcast = 0x2,
    Loopback = 0x8,
    PointToPoint = 0x10,
    Running = 0x40,
    NoArp = 0x80,
}
