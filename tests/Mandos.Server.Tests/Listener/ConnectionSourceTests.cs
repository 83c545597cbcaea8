using System.Net;
using Mandos.Server.Listener;
using Xunit;

namespace Mandos.Server.Tests.Listener;

/// <summary>What counts as one host for the per-host limit.</summary>
[Lane(Lane.Unit)]
public sealed class ConnectionSourceTests
{
    private static ConnectionSource Of(string address) => ConnectionSource.Of(IPAddress.Parse(address));

    [Fact]
    public void Ipv4AddressesAreSourcesOfTheirOwn()
    {
        Assert.NotEqual(Of("192.0.2.1"), Of("192.0.2.2"));
        Assert.Equal("192.0.2.1", Of("192.0.2.1").ToString());
    }

    [Fact]
    public void Ipv4MappedAddressIsTheIpv4Address() =>
        Assert.Equal(Of("192.0.2.1"), Of("::ffff:192.0.2.1"));

    [Fact]
    public void Ipv6AddressesOfOneSlash64AreOneSource()
    {
        Assert.Equal(Of("2001:db8:1:2::1"), Of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2::1").ToString());
    }

    [Fact]
    public void Ipv6PrefixNeverEqualsAnIpv4Address() =>
        Assert.NotEqual(Of("::"), Of("0.0.0.0"));
}
