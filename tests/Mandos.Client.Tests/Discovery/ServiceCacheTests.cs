using System.Net;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;

namespace Mandos.Client.Tests.Discovery;

public sealed class ServiceCacheTests
{
    private static readonly DnsName Service = DnsName.Parse("_mandos._tcp.local");
    private static readonly DnsName Instance = DnsName.Parse("Mandos._mandos._tcp.local");
    private static readonly DnsName Host = DnsName.Parse("server.local");
    private const int Interface = 7;

    private static DnsMessage Response(params DnsRecord[] records) => DnsMessage.Parse(DnsMessage.BuildResponse(records));

    private static DnsRecord Ptr(uint ttl = 4500) => new(Service, DnsRecordType.Ptr, ttl, false) { Target = Instance };

    private static DnsRecord Srv(int port = 7779) => new(Instance, DnsRecordType.Srv, 120, true) { Target = Host, Port = port };

    private static DnsRecord Aaaa(string address, uint ttl = 120) => new(Host, DnsRecordType.Aaaa, ttl, true) { Address = IPAddress.Parse(address) };

    [Fact]
    public void ServerIsFoundFromOneFullResponseWithLinkLocalScope()
    {
        var cache = new ServiceCache(Service);
        var (found, lost) = cache.Apply(Response(Ptr(), Srv(), Aaaa("fe80::5")), Interface);
        ServerAddress server = Assert.Single(found);
        Assert.Empty(lost);
        Assert.Equal(7779, server.Port);
        Assert.Equal(Interface, server.InterfaceIndex);
        Assert.Equal(Interface, server.Address.ScopeId);
    }

    [Fact]
    public void PartsArrivingInSeparatePacketsAreJoinedAndMissingOnesAskedFor()
    {
        var cache = new ServiceCache(Service);
        Assert.Empty(cache.Apply(Response(Ptr()), Interface).Found);
        Assert.Equal([new DnsQuestion(Instance, DnsRecordType.Srv)], cache.MissingQuestions(Interface));
        Assert.Empty(cache.Apply(Response(Srv()), Interface).Found);
        Assert.Equal([new DnsQuestion(Host, DnsRecordType.A), new DnsQuestion(Host, DnsRecordType.Aaaa)], cache.MissingQuestions(Interface));
        Assert.Single(cache.Apply(Response(Aaaa("2001:db8::5")), Interface).Found);
        Assert.Empty(cache.MissingQuestions(Interface));
    }

    [Fact]
    public void GoodbyeWithdrawsTheServer()
    {
        var cache = new ServiceCache(Service);
        cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5")), Interface);
        var (found, lost) = cache.Apply(Response(Ptr(ttl: 0)), Interface);
        Assert.Empty(found);
        Assert.Single(lost);
        Assert.Empty(cache.Reachable);
    }

    [Fact]
    public void CacheFlushReplacesAddressesAndAPortChangeIsANewServer()
    {
        var cache = new ServiceCache(Service);
        cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5")), Interface);
        var (found, lost) = cache.Apply(Response(Srv(port: 8000), Aaaa("2001:db8::6")), Interface);
        Assert.Equal(new ServerAddress(IPAddress.Parse("2001:db8::6"), 8000, Interface), Assert.Single(found));
        Assert.Equal(new ServerAddress(IPAddress.Parse("2001:db8::5"), 7779, Interface), Assert.Single(lost));
    }

    [Fact]
    public void OtherServicesAndInterfacesDoNotMix()
    {
        var cache = new ServiceCache(Service);
        DnsName other = DnsName.Parse("_http._tcp.local");
        var foreign = new DnsRecord(other, DnsRecordType.Ptr, 4500, false) { Target = DnsName.Parse("Web._http._tcp.local") };
        Assert.Empty(cache.Apply(Response(foreign, Srv(), Aaaa("2001:db8::5")), Interface).Found);
        cache.Apply(Response(Ptr()), Interface + 1);
        Assert.Empty(cache.Reachable);
    }

    [Fact]
    public void AFloodOfInstancesIsBounded()
    {
        var cache = new ServiceCache(Service);
        for (int i = 0; i < 2000; i++)
        {
            DnsName instance = DnsName.Parse($"M{i}._mandos._tcp.local");
            cache.Apply(Response(new DnsRecord(Service, DnsRecordType.Ptr, 4500, false) { Target = instance }), Interface);
        }
        Assert.True(cache.MissingQuestions(Interface).Count <= ServiceCache.MaxEntries);
    }
}
