using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Monitor;

/// <summary>
/// Our mandos-monitor drives a server through its D-Bus API: approving a client that waits for
/// approval releases its secret to Debian's real mandos-client; disabling and enabling show up as
/// the server reports them back.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class MonitorControlTests(KeySetsFixture keys)
{
    [Theory]
    [MemberData(nameof(MonitorPrograms.Servers), MemberType = typeof(MonitorPrograms))]
    public async Task ApprovingAWaitingClientReleasesItsSecret(string server)
    {
        using var dir = new TempDir();
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        KeySet client = keys.Debian;
        string config = ClientsConf.Write(dir.Sub("conf"),
            [WithFingerprint(client.ClientSection) + "approval_delay = 60s\napproved_by_default = False\n"]);
        await using IMandosServer mandos = await MonitorPrograms.StartServerAsync(server, dir, config, bus);
        await using TmuxTerminal terminal = await TmuxTerminal.StartAsync(MonitorPrograms.Monitor(MonitorPrograms.Ours), bus.Environment);
        await terminal.WaitForAsync($"^{client.Name}: ");

        Task<ProcessRunner.Result> waiting = Clients.DebiansAsync(client, mandos.Port, TimeSpan.FromSeconds(60), Path.Combine(dir.Path, "hooks"));
        await terminal.WaitForAsync($@"^{client.Name}: Denial in 0:00:[0-5]\d\. \(a\)pprove\?");
        await terminal.WaitForAsync($"Client {client.Name} needs approval within 60.000000 seconds");
        Assert.False(waiting.IsCompleted, "the client got an answer before anyone approved it");

        await terminal.SendAsync("a");
        ProcessRunner.Result result = await waiting;
        Assert.False(result.TimedOut, $"the approved client got nothing: {result.Stderr}\n{mandos.Log}");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(client.Password, result.StdoutText);
        // (Debian's 1.8.16 server sometimes never reports ApprovalPending false after a quick approval,
        // so the status line is not checked here.)
        await terminal.WaitForAsync($"Client {client.Name} received its secret");
    }

    [Theory]
    [MemberData(nameof(MonitorPrograms.Servers), MemberType = typeof(MonitorPrograms))]
    public async Task MinusDisablesAndPlusEnablesTheFocusedClient(string server)
    {
        using var dir = new TempDir();
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        // Enabled only once its first checker succeeded, which must happen within one interval of
        // starting (at a random point of the first interval): 15 s, not a race on a busy machine.
        string config = ClientsConf.Write(dir.Sub("conf"), [WithFingerprint(keys.Debian.ClientSection) + "interval = 15s\n"]);
        await using IMandosServer mandos = await MonitorPrograms.StartServerAsync(server, dir, config, bus);
        await using TmuxTerminal terminal = await TmuxTerminal.StartAsync(MonitorPrograms.Monitor(MonitorPrograms.Ours), bus.Environment);
        string name = keys.Debian.Name;
        await terminal.WaitForAsync($"^{name}: enabled");

        await terminal.SendAsync("-");
        await terminal.WaitForAsync($"^{name}: DISABLED");

        await terminal.SendAsync("+");
        await terminal.WaitForAsync($"^{name}: enabled");
    }

    /// <summary>Debian's server fails with KeyError on a section without a fingerprint line.</summary>
    private static string WithFingerprint(string section) =>
        (section.Contains("\nfingerprint", StringComparison.Ordinal) ? section : section.TrimEnd() + $"\nfingerprint = {new string('F', 40)}") + "\n";
}
