using System.Net;
using Mandos.Server.Listener;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Mandos.Server.Tests.Listener;

/// <summary>Per-source accounting, the per-host limit and the choice of which connection to shed, on a fake clock.</summary>
[Lane(Lane.Unit)]
public sealed class ConnectionTableTests
{
    private static readonly ConnectionSource Flooder = Source("192.0.2.66");
    private static readonly ConnectionSource Client = Source("192.0.2.7");

    private readonly FakeTimeProvider _clock = new();

    private static ConnectionSource Source(string address) => ConnectionSource.Of(IPAddress.Parse(address));

    private ConnectionTable Table(int max, int perSource) => new(max, perSource, _clock);

    private static OpenConnection Admitted(ConnectionTable table, ConnectionSource source)
    {
        Admission admission = table.Admit(source);
        Assert.True(admission.Admitted, $"{source} was refused: {admission.Warning}");
        return admission.Connection!;
    }

    [Fact]
    public void SourceAtItsLimitMakesRoomFromItsOwnOldestIdleConnection()
    {
        var table = Table(max: 100, perSource: 3);
        OpenConnection oldest = Admitted(table, Flooder);
        Admitted(table, Flooder);
        Admitted(table, Flooder);
        OpenConnection client = Admitted(table, Client);

        Admission admission = table.Admit(Flooder);

        Assert.Same(oldest, admission.Shed);
        Assert.False(client.WasShed);
        Assert.Equal(3, table.OpenFrom(Flooder));
        Assert.Equal(4, table.Open);
        Assert.Contains("192.0.2.66 has 3 connections open (max_connections_per_host): closed the longest-waiting connection", admission.Warning);
    }

    [Fact]
    public void SourceAtItsLimitWithEveryConnectionIdentifiedIsRefused()
    {
        var table = Table(max: 100, perSource: 2);
        Assert.True(Admitted(table, Client).TryIdentify());
        Assert.True(Admitted(table, Client).TryIdentify());

        Admission refused = table.Admit(Client);

        Assert.False(refused.Admitted);
        Assert.Null(refused.Shed);
        Assert.Contains("none of them idle; refusing more from it", refused.Warning);
        Admitted(table, Flooder);
    }

    [Fact]
    public void ClosingConnectionsLeavesNothingBehind()
    {
        var table = Table(max: 40, perSource: 100);
        var open = new List<OpenConnection>();
        for (int i = 0; i < 200; i++)
        {
            // Every eighth is identified, and most are shed along the way: all paths end the same.
            OpenConnection c = Admitted(table, Source($"198.51.100.{i % 7}"));
            if (i % 8 == 0)
            {
                Assert.True(c.TryIdentify());
            }
            open.Add(c);
        }
        foreach (OpenConnection c in open)
        {
            c.Dispose();
            c.Dispose();
        }
        Assert.Equal(0, table.Open);
        Assert.Equal(0, table.Sources);
        Admitted(table, Flooder);
        Assert.Equal(1, table.Open);
    }

    [Fact]
    public void FullTableShedsTheOldestWaitingConnectionOfTheBusiestSource()
    {
        var table = Table(max: 5, perSource: 5);
        OpenConnection clientFirst = Admitted(table, Client);
        OpenConnection oldestFlood = Admitted(table, Flooder);
        OpenConnection secondFlood = Admitted(table, Flooder);
        Admitted(table, Flooder);
        OpenConnection clientSecond = Admitted(table, Client);

        Admission admission = table.Admit(Client);

        Assert.True(admission.Admitted);
        Assert.Same(oldestFlood, admission.Shed);
        Assert.True(oldestFlood.WasShed);
        Assert.False(clientFirst.WasShed || clientSecond.WasShed || secondFlood.WasShed);
        Assert.Equal(5, table.Open);
        Assert.Equal(2, table.OpenFrom(Flooder));
        Assert.Equal(3, table.OpenFrom(Client));
    }

    [Fact]
    public void ShedConnectionIsToldThroughItsToken()
    {
        var table = Table(max: 1, perSource: 1);
        OpenConnection idle = Admitted(table, Flooder);
        Admission admission = table.Admit(Client);
        Assert.False(idle.Shed.IsCancellationRequested);
        admission.Shed!.Close();
        Assert.True(idle.Shed.IsCancellationRequested);
        Assert.False(idle.TryIdentify());
        idle.Dispose();
        Assert.Equal(1, table.Open);
        Assert.Equal(0, table.OpenFrom(Flooder));
    }

    [Fact]
    public void HandshakingConnectionIsStillShedButIdentifiedOneNever()
    {
        var table = Table(max: 3, perSource: 3);
        OpenConnection approval = Admitted(table, Flooder);
        Assert.True(approval.TryIdentify());
        OpenConnection handshaking = Admitted(table, Flooder);
        handshaking.BeginHandshake();
        OpenConnection identified = Admitted(table, Client);
        Assert.True(identified.TryIdentify());

        Admission admission = table.Admit(Client);
        Assert.Same(handshaking, admission.Shed);
        Assert.True(admission.Connection!.TryIdentify());
        Admission refused = table.Admit(Source("203.0.113.1"));

        Assert.False(refused.Admitted);
        Assert.False(approval.WasShed || identified.WasShed);
        Assert.Contains("none of them idle", refused.Warning);
    }

    [Fact]
    public void BusiestSourceIsTrackedAsConnectionsComeAndGo()
    {
        var table = Table(max: 6, perSource: 6);
        ConnectionSource third = Source("203.0.113.9");
        OpenConnection[] flood = [Admitted(table, Flooder), Admitted(table, Flooder), Admitted(table, Flooder)];
        OpenConnection[] client = [Admitted(table, Client), Admitted(table, Client)];
        Admitted(table, third);
        // The flood becomes the least busy source: two of its three are identified.
        Assert.True(flood[1].TryIdentify());
        Assert.True(flood[2].TryIdentify());

        Assert.Same(client[0], table.Admit(third).Shed);
        // Now Client has 1, Flooder 1, third 2 waiting: third's oldest goes.
        Admission next = table.Admit(Flooder);
        Assert.Equal(third, next.Shed!.Source);
    }

    [Fact]
    public void NewcomerMayTakeThePlaceOfItsOwnSourcesLastConnection()
    {
        var table = Table(max: 1, perSource: 5);
        OpenConnection first = Admitted(table, Client);
        Admission second = table.Admit(Client);
        Assert.Same(first, second.Shed);
        Assert.Equal(1, table.OpenFrom(Client));
        second.Connection!.Dispose();
        first.Dispose();
        Assert.Equal(0, table.Sources);
    }

    [Fact]
    public void WarningIsSaidOncePerSourcePerIntervalWithTheCountHeldBack()
    {
        var table = Table(max: 100, perSource: 1);
        Admitted(table, Flooder);
        Admitted(table, Client);

        Assert.NotNull(table.Admit(Flooder).Warning);
        Assert.Null(table.Admit(Flooder).Warning);
        Assert.Null(table.Admit(Flooder).Warning);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(table.Admit(Client).Warning);
        _clock.Advance(ConnectionTable.WarningInterval);
        Assert.EndsWith("(2 similar warnings held back)", table.Admit(Flooder).Warning);
    }

    [Fact]
    public void TimeoutWarningsShareTheSourcesRateLimit()
    {
        var table = Table(max: 100, perSource: 100);
        OpenConnection[] idle = [Admitted(table, Flooder), Admitted(table, Flooder), Admitted(table, Flooder)];
        OpenConnection other = Admitted(table, Client);

        Assert.True(idle[0].TryWarn(out _));
        Assert.False(idle[1].TryWarn(out _));
        Assert.True(other.TryWarn(out _));
        _clock.Advance(ConnectionTable.WarningInterval);
        Assert.True(idle[2].TryWarn(out int held));
        Assert.Equal(1, held);
    }

    [Fact]
    public void FloodFromManySourcesIsWarnedAboutOnceASecond()
    {
        var table = Table(max: 1, perSource: 1);
        Admitted(table, Flooder);
        Assert.NotNull(table.Admit(Source("203.0.113.1")).Warning);
        Assert.Null(table.Admit(Source("203.0.113.2")).Warning);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(table.Admit(Source("203.0.113.3")).Warning);
    }

    [Fact]
    public void SheddingWarningNamesBothSourcesAndHowLongTheShedOneWaited()
    {
        var table = Table(max: 1, perSource: 1);
        Admitted(table, Flooder);
        _clock.Advance(TimeSpan.FromSeconds(12));
        string? warning = table.Admit(Client).Warning;
        Assert.Contains("from 192.0.2.66", warning);
        Assert.Contains("waiting for its version line for 12 s", warning);
        Assert.Contains("to admit one from 192.0.2.7", warning);
    }

    [Fact]
    public async Task ConcurrentAdmissionsAndClosingsBalance()
    {
        var table = Table(max: 64, perSource: 16);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 5000; i++)
            {
                Admission a = table.Admit(Source($"10.0.{worker}.{i % 3}"));
                a.Shed?.Close();
                if (a.Connection is { } c)
                {
                    if (i % 5 == 0)
                    {
                        c.TryIdentify();
                    }
                    c.Dispose();
                }
            }
        })));
        Assert.Equal(0, table.Open);
        Assert.Equal(0, table.Sources);
    }
}
