using Mandos.Server.Config;
using Mandos.Server.Zeroconf;
using Xunit;

namespace Mandos.Server.Tests.Zeroconf;

/// <summary>What is announced, from the settings (docs/compatibility.md, "Zeroconf").</summary>
[Lane(Lane.Unit)]
public sealed class ServiceAnnouncementTests
{
    [Fact]
    public void DefaultsAreMandosOverIpv6OnEveryInterface()
    {
        (ServiceAnnouncement service, string? warning) = ServiceAnnouncement.For(new ServerSettings(), 41234);

        Assert.Equal(new ServiceAnnouncement("Mandos", 41234, AvahiApi.AnyInterface, AvahiApi.ProtocolIPv6), service);
        Assert.Null(warning);
    }

    [Fact]
    public void NoIpv6AnnouncesOverIpv4()
    {
        (ServiceAnnouncement service, _) = ServiceAnnouncement.For(new ServerSettings { UseIpv6 = false, ServiceName = "Vault" }, 1);

        Assert.Equal(("Vault", AvahiApi.ProtocolIPv4), (service.Name, service.Protocol));
    }

    [Fact]
    public void InterfaceIsAnnouncedByItsIndex()
    {
        (ServiceAnnouncement service, string? warning) = ServiceAnnouncement.For(new ServerSettings { Interface = "lo" }, 1);

        Assert.Equal(int.Parse(File.ReadAllText("/sys/class/net/lo/ifindex")), service.InterfaceIndex);
        Assert.Null(warning);
    }

    [Fact]
    public void MissingInterfaceAnnouncesEverywhereWithAWarning()
    {
        (ServiceAnnouncement service, string? warning) = ServiceAnnouncement.For(new ServerSettings { Interface = "nosuchif0" }, 1);

        Assert.Equal(AvahiApi.AnyInterface, service.InterfaceIndex);
        Assert.Contains("no network interface named nosuchif0", warning);
    }
}
