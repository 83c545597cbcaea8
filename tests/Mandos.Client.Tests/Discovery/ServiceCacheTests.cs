using System.Net;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Client.Tests.Discovery;

[Lane(Lane.Unit)]
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
        Assert.Equal(ServiceCache.MaxInstances, cache.MissingQuestions(Interface).Count);
    }

    [Fact]
    public void UnrelatedAddressRecordsDoNotCrowdOutTheServer()
    {
        var cache = new ServiceCache(Service);
        for (int i = 0; i < 300; i++)
        {
            var unrelated = new DnsRecord(DnsName.Parse($"printer-{i}.local"), DnsRecordType.A, 120, true) { Address = new IPAddress([10, 0, (byte)(i >> 8), (byte)i]) };
            cache.Apply(Response(unrelated), Interface);
        }
        ServerAddress server = Assert.Single(cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5")), Interface).Found);
        Assert.Equal(IPAddress.Parse("2001:db8::5"), server.Address);
    }

    [Fact]
    public void AddressesHeardBeforeTheirSrvAreAskedForAgain()
    {
        var cache = new ServiceCache(Service);
        Assert.Empty(cache.Apply(Response(Aaaa("2001:db8::5")), Interface).Found);
        Assert.Empty(cache.Apply(Response(Ptr(), Srv()), Interface).Found);
        Assert.Equal([new DnsQuestion(Host, DnsRecordType.A), new DnsQuestion(Host, DnsRecordType.Aaaa)], cache.MissingQuestions(Interface));
        Assert.Single(cache.Apply(Response(Aaaa("2001:db8::5")), Interface).Found);
    }

    [Fact]
    public void RecordOrderWithinAResponseDoesNotMatter()
    {
        var cache = new ServiceCache(Service);
        Assert.Single(cache.Apply(Response(Aaaa("2001:db8::5"), Srv(), Ptr()), Interface).Found);
    }

    [Fact]
    public void SrvOfAnUnannouncedInstanceIsNotKept()
    {
        var cache = new ServiceCache(Service);
        for (int i = 0; i < 2000; i++)
        {
            var srv = new DnsRecord(DnsName.Parse($"M{i}._mandos._tcp.local"), DnsRecordType.Srv, 120, true) { Target = DnsName.Parse($"h{i}.local"), Port = 1 };
            cache.Apply(Response(srv, new DnsRecord(srv.Target, DnsRecordType.A, 120, true) { Address = IPAddress.Parse("10.0.0.1") }), Interface);
        }
        Assert.Empty(cache.Reachable);
        Assert.Empty(cache.MissingQuestions(Interface));
    }

    [Fact]
    public void AddressesOfOneHostAreBounded()
    {
        var cache = new ServiceCache(Service);
        cache.Apply(Response(Ptr(), Srv()), Interface);
        for (int i = 1; i <= 1000; i++)
        {
            cache.Apply(Response(Aaaa($"2001:db8::{i:x}") with { CacheFlush = false }), Interface);
        }
        Assert.Equal(ServiceCache.MaxAddressesPerHost, cache.Reachable.Count);
    }

    [Fact]
    public void ServerWhoseRecordsExpireIsLost()
    {
        var clock = new FakeTimeProvider();
        var cache = new ServiceCache(Service, clock);
        cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5", ttl: 120)), Interface);
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Empty(cache.Expire().Lost);
        Assert.Single(cache.Reachable);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new ServerAddress(IPAddress.Parse("2001:db8::5"), 7779, Interface), Assert.Single(cache.Expire().Lost));
        Assert.Empty(cache.Reachable);
    }

    [Fact]
    public void RenewedRecordsDoNotExpire()
    {
        var clock = new FakeTimeProvider();
        var cache = new ServiceCache(Service, clock);
        for (int i = 0; i < 10; i++)
        {
            cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5")), Interface);
            clock.Advance(TimeSpan.FromSeconds(100));
            Assert.Empty(cache.Expire().Lost);
        }
        Assert.Single(cache.Reachable);
    }

    [Fact]
    public void ExpiredInstancesMakeRoomForNewOnes()
    {
        var clock = new FakeTimeProvider();
        var cache = new ServiceCache(Service, clock);
        for (int i = 0; i < 2 * ServiceCache.MaxInstances; i++)
        {
            DnsName instance = DnsName.Parse($"Fake{i}._mandos._tcp.local");
            cache.Apply(Response(new DnsRecord(Service, DnsRecordType.Ptr, 10, false) { Target = instance }), Interface);
        }
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Single(cache.Apply(Response(Ptr(), Srv(), Aaaa("2001:db8::5")), Interface).Found);
    }
}
