using System.Text.Json;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// What one mandos-ctl changes, the other sees: ours acts and Debian's observes, and the other way
/// round, against Debian's server and ours.
/// </summary>
[Lane(Lane.Namespace)]
public sealed class CtlActionTests
{
    public static TheoryData<string, string> ServersAndActors()
    {
        var data = new TheoryData<string, string>();
        foreach (string server in new[] { BusServerKind.Debian.Name, BusServerKind.Ours.Name })
        {
            data.Add(server, CtlProgram.Ours.Name);
            data.Add(server, CtlProgram.Debians.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ServersAndActors))]
    public async Task DisableAndEnableAreSeenByTheOtherCtl(string server, string actor)
    {
        (CtlProgram acting, CtlProgram watching) = Roles(actor);
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server), TestClients.Several);

        await Succeeds(controlled, acting, "--disable", "alpha", "gamma");
        JsonElement clients = await controlled.DumpAsync(watching);
        Assert.False(clients.GetProperty("alpha").GetProperty("Enabled").GetBoolean());
        Assert.False(clients.GetProperty("gamma").GetProperty("Enabled").GetBoolean());
        Assert.True(clients.GetProperty("delta").GetProperty("Enabled").GetBoolean());
        Assert.Equal(1, (await controlled.RunAsync(watching, "--is-enabled", "alpha")).ExitCode);

        await Succeeds(controlled, acting, "-e", "alpha");
        Assert.True((await controlled.DumpAsync(watching)).GetProperty("alpha").GetProperty("Enabled").GetBoolean());
        Assert.Equal(0, (await controlled.RunAsync(watching, "-V", "alpha")).ExitCode);
    }

    [Theory]
    [MemberData(nameof(ServersAndActors))]
    public async Task PropertyChangesAreSeenByTheOtherCtl(string server, string actor)
    {
        (CtlProgram acting, CtlProgram watching) = Roles(actor);
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server), TestClients.Several);

        await Succeeds(controlled, acting, "-t", "PT1H", "-i", "3m", "--extended-timeout", "PT20M", "--approval-delay", "PT7S",
            "--approval-duration", "2500", "-H", "new.example.org", "-c", "echo checked", "--deny-by-default", "alpha");
        JsonElement alpha = (await controlled.DumpAsync(watching)).GetProperty("alpha");
        Assert.Equal(3_600_000, alpha.GetProperty("Timeout").GetInt64());
        Assert.Equal(180_000, alpha.GetProperty("Interval").GetInt64());
        Assert.Equal(1_200_000, alpha.GetProperty("ExtendedTimeout").GetInt64());
        Assert.Equal(7_000, alpha.GetProperty("ApprovalDelay").GetInt64());
        Assert.Equal(2_500, alpha.GetProperty("ApprovalDuration").GetInt64());
        Assert.Equal("new.example.org", alpha.GetProperty("Host").GetString());
        Assert.Equal("echo checked", alpha.GetProperty("Checker").GetString());
        Assert.False(alpha.GetProperty("ApprovedByDefault").GetBoolean());

        await Succeeds(controlled, acting, "--approve-by-default", "--all");
        JsonElement all = await controlled.DumpAsync(watching);
        Assert.All(all.EnumerateObject(), c => Assert.True(c.Value.GetProperty("ApprovedByDefault").GetBoolean()));
        // Other clients keep their own values.
        Assert.Equal(300_000, all.GetProperty("gamma").GetProperty("Timeout").GetInt64());
    }

    [Theory]
    [MemberData(nameof(ServersAndActors))]
    public async Task CheckerStartsStopsAndBumpsAsTheOtherCtlSees(string server, string actor)
    {
        (CtlProgram acting, CtlProgram watching) = Roles(actor);
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server), TestClients.Several);

        await Succeeds(controlled, acting, "-c", "sleep 30", "--start-checker", "gamma");
        Assert.True((await controlled.DumpAsync(watching)).GetProperty("gamma").GetProperty("CheckerRunning").GetBoolean());
        await Succeeds(controlled, acting, "--stop-checker", "gamma");
        Assert.False((await controlled.DumpAsync(watching)).GetProperty("gamma").GetProperty("CheckerRunning").GetBoolean());

        // gamma's checker ("false") never succeeded: a bump is its first successful check.
        Assert.Equal("", (await controlled.DumpAsync(watching)).GetProperty("gamma").GetProperty("LastCheckedOK").GetString());
        await Succeeds(controlled, acting, "--bump-timeout", "gamma");
        string? bumped = (await controlled.DumpAsync(watching)).GetProperty("gamma").GetProperty("LastCheckedOK").GetString();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", bumped);
    }

    [Theory]
    [MemberData(nameof(ServersAndActors))]
    public async Task RemovedClientsAreGoneForTheOtherCtl(string server, string actor)
    {
        (CtlProgram acting, CtlProgram watching) = Roles(actor);
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server), TestClients.Several);

        await Succeeds(controlled, acting, "--remove", "delta");
        await Succeeds(controlled, acting, "-r", "-D", "beta-2.x");
        JsonElement clients = await controlled.DumpAsync(watching);
        Assert.Equal(["alpha", "gamma"], clients.EnumerateObject().Select(c => c.Name).Order());
        ProcessRunner.Result gone = await controlled.RunAsync(watching, "delta");
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal("Client not found on server: 'delta'\n", gone.Stderr);
    }

    private static (CtlProgram Acting, CtlProgram Watching) Roles(string actor)
    {
        CtlProgram acting = CtlProgram.Named(actor);
        return (acting, acting.Other);
    }

    private static async Task Succeeds(ControlledServer controlled, CtlProgram ctl, params string[] args)
    {
        ProcessRunner.Result run = await controlled.RunAsync(ctl, args);
        Assert.True(run.ExitCode == 0, $"{ctl} mandos-ctl {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}\n{controlled.Log}");
        Assert.DoesNotContain("Traceback", run.Stderr);
    }
}
