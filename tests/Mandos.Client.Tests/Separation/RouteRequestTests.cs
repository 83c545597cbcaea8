using System.Net;
using Mandos.Client.Separation;

namespace Mandos.Client.Tests.Separation;

[Lane(Lane.Unit)]
public sealed class RouteRequestTests
{
    [Theory]
    [InlineData("add 192.0.2.7 3", true, "192.0.2.7", 3)]
    [InlineData("delete 2001:db8::7 12", false, "2001:db8::7", 12)]
    public void ARouteRequestIsReadBack(string line, bool add, string address, int index)
    {
        RouteRequest? request = RouteRequest.Parse(line);
        Assert.Equal(new RouteRequest(add, IPAddress.Parse(address), index), request);
        Assert.Equal(line, request!.ToLine());
    }

    [Theory]
    [InlineData("")]
    [InlineData("add 192.0.2.7")]
    [InlineData("add 192.0.2.7 3 extra")]
    [InlineData("replace 192.0.2.7 3")]
    [InlineData("add 192.0.2.7 0")]
    [InlineData("add 192.0.2.7 -1")]
    [InlineData("add 192.0.2.7 +3")]
    [InlineData("add fe80::1%2 2")]
    [InlineData("add not-an-address 2")]
    [InlineData("add  192.0.2.7 3")]
    public void AnythingElseIsRefused(string line) => Assert.Null(RouteRequest.Parse(line));

    [Theory]
    [InlineData("192.0.2.7", true)]
    [InlineData("2001:db8::7", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("224.0.0.251", false)]
    [InlineData("ff02::fb", false)]
    [InlineData("::ffff:192.0.2.7", false)]
    public void OnlyAUnicastHostMayBeRoutedTo(string address, bool allowed) =>
        Assert.Equal(allowed, new RouteRequest(true, IPAddress.Parse(address), 2).IsForUnicastAddress);
}
