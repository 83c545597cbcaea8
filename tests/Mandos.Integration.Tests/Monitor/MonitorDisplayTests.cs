using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Monitor;

/// <summary>
/// Debian's mandos-monitor and ours, in a 120x30 tmux terminal, watch a server on a private system
/// bus: the same clients, sorted by name, with upstream's status texts, divider and log banner.
/// </summary>
[Lane(Lane.Namespace)]
public sealed class MonitorDisplayTests
{
    public static TheoryData<string, string> MonitorsAndServers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string server in MonitorPrograms.Servers)
            {
                data.Add(MonitorPrograms.Debian, server);
                data.Add(MonitorPrograms.Ours, server);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MonitorsAndServers))]
    public async Task MonitorShowsEveryClientWithItsStatus(string monitor, string server)
    {
        using var dir = new TempDir();
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        string config = ClientsConf.Write(dir.Sub("conf"), [
            // Written out of order: the monitor sorts by name.
            // Both servers give a new client until its first checker (at a random point of the
            // first interval) plus one interval before disabling it, whatever its timeout: so alpha's
            // checker gets a whole 15 s to succeed, time enough on a busy machine (with too short an
            // interval alpha shows DISABLED); after it, alpha has 9 hours.
            // No checker has succeeded for gamma (checker false): upstream shows that as failed,
            // with the time left until the end of its first interval (at most 2 hours: H:MM:SS).
            Section("gamma", "checker = false\ninterval = 1h\n"),
            Section("beta-host", "checker = false\ninterval = 1s\ntimeout = 2s\n"),
            Section("alpha", "interval = 15s\ntimeout = 9h\n"),
        ]);
        await using IMandosServer mandos = await MonitorPrograms.StartServerAsync(server, dir, config, bus);
        await using TmuxTerminal terminal = await TmuxTerminal.StartAsync(MonitorPrograms.Monitor(monitor), bus.Environment);

        string screen = await terminal.WaitForAsync(
            @"^alpha: enabled *\nbeta-host: DISABLED *\ngamma: A checker has failed! Time until client gets disabled: \d:\d\d:\d\d *$");
        string[] rows = screen.Split('\n');
        // Upper half (15 rows) ends with the divider; the log starts below it with the banner.
        Assert.Equal(new string('\u2500', TmuxTerminal.Columns), rows[14]);
        Assert.StartsWith("Mandos Monitor version 1.8.1", rows[15]);
        Assert.Equal("q: Quit  ?: Help", rows[16].TrimEnd());
    }

    [Theory]
    [InlineData(MonitorPrograms.Debian)]
    [InlineData(MonitorPrograms.Ours)]
    public async Task MonitorNotesThatNoServerIsRunning(string monitor)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using TmuxTerminal terminal = await TmuxTerminal.StartAsync(MonitorPrograms.Monitor(monitor), bus.Environment);
        await terminal.WaitForAsync(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: Note: No Mandos server running\.");
    }

    [Fact]
    public async Task HelpKeyPrintsTheKeysIntoTheLog()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using TmuxTerminal terminal = await TmuxTerminal.StartAsync(MonitorPrograms.Monitor(MonitorPrograms.Ours), bus.Environment);
        await terminal.WaitForAsync("No Mandos server running");
        await terminal.SendAsync("?");
        await terminal.WaitForAsync(@"^Clients:  \+: Enable  -: Disable  R: Remove  s: Start new checker  S: Stop checker  C: Checker OK  a: Approve  d: Deny");
        await terminal.SendAsync("q");
        await terminal.WaitForExitAsync();
    }

    /// <summary>Debian's server needs a fingerprint line (KeyError without one); these clients never connect.</summary>
    private static string Section(string name, string options) =>
        $"[{name}]\nkey_id = {new string(name[0] == 'a' ? 'a' : name[0] == 'b' ? 'b' : 'c', 64)}\n" +
        $"fingerprint = {new string('f', 40)}\nsecret = aGVsbG8=\n{options}";
}
