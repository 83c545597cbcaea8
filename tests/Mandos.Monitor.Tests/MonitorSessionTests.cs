using Mandos.Monitor.Events;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Monitor.Tests;

[Lane(Lane.Unit)]
public sealed class MonitorSessionTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2024, 5, 6, 12, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, object> Properties(string name, bool enabled = true) => new()
    {
        ["Name"] = name, ["Enabled"] = enabled, ["ApprovalPending"] = false, ["LastCheckerStatus"] = (short)0,
    };

    [Fact]
    public void StartsWithTheBanner()
    {
        var session = new MonitorSession(Clock);
        Assert.Equal([new LogLine("Mandos Monitor version 1.8.18", true), new LogLine("q: Quit  ?: Help", true)], session.Log.Lines);
    }

    [Fact]
    public void EmptyServerIsNoted()
    {
        var session = new MonitorSession(Clock);
        session.ClientsListed(new Dictionary<string, IReadOnlyDictionary<string, object>>());
        Assert.EndsWith(": Note: Server has no clients.", session.Log.Lines[^1].Text);
        Assert.True(session.Log.Lines[^1].Bold);
    }

    [Fact]
    public void MissingServerIsNoted()
    {
        var session = new MonitorSession(Clock);
        session.ServerUnreachable();
        Assert.EndsWith(": Note: No Mandos server running.", session.Log.Lines[^1].Text);
    }

    [Fact]
    public void ClientsAreSortedByNameAndFollowSignals()
    {
        var session = new MonitorSession(Clock);
        session.ClientsListed(new Dictionary<string, IReadOnlyDictionary<string, object>>
        {
            ["/clients/zeta"] = Properties("zeta"),
            ["/clients/alpha"] = Properties("alpha"),
        });
        session.ClientAdded("/clients/mid", Properties("mid"));
        Assert.Equal(["alpha", "mid", "zeta"], session.Clients.Sorted.Select(c => c.Name));

        session.PropertiesChanged("/clients/mid", new Dictionary<string, object> { ["Enabled"] = false });
        Assert.False(session.Clients.Sorted[1].Enabled);

        session.ClientRemoved("/clients/alpha");
        Assert.Equal(["mid", "zeta"], session.Clients.Sorted.Select(c => c.Name));
    }

    [Fact]
    public void ClientSignalsAreLoggedByName()
    {
        var session = new MonitorSession(Clock);
        session.ClientAdded("/clients/db_host", Properties("db-host"));
        session.NeedApproval("/clients/db_host", 60_000, false);
        session.GotSecret("/clients/db_host");
        session.Rejected("/clients/db_host", "Disabled");
        Assert.EndsWith("Client db-host needs approval within 60.000000 seconds", session.Log.Lines[^3].Text);
        Assert.EndsWith("Client db-host received its secret", session.Log.Lines[^2].Text);
        Assert.EndsWith("Client db-host was rejected; reason: Disabled", session.Log.Lines[^1].Text);
    }

    [Fact]
    public void RemovingAnUnknownClientIsAWarning()
    {
        var session = new MonitorSession(Clock);
        session.ClientRemoved("/clients/ghost");
        Assert.EndsWith("Unknown client /clients/ghost removed", session.Log.Lines[^1].Text);
    }

    [Fact]
    public void AServerThatGoesAwayTakesItsClients()
    {
        var session = new MonitorSession(Clock);
        session.ClientAdded("/clients/a", Properties("a"));
        session.ServerGone();
        Assert.Empty(session.Clients.Sorted);
    }
}
