using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.BusApi;

/// <summary>
/// Manual approval end to end: Debian's mandos-client asks, the server signals NeedApproval and
/// waits; Debian's mandos-ctl approves (the password arrives) or denies (nothing arrives).
/// Run against our server and Debian's alike.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class ApprovalOverBusTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"),
        [keys.Debian.ClientSection + "approval_delay = PT1M\napproved_by_default = False\napproval_duration = PT5S\n"]);

    [Theory]
    [InlineData(BusServers.Ours)]
    [InlineData(BusServers.Debians)]
    public async Task ApprovedClientGetsItsPassword(string which)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using IMandosServer server = await BusServers.StartAsync(which, _dir, Config(), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        Task<ProcessRunner.Result> client = Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(60), Path.Combine(_dir.Path, "hooks"));
        await probe.WaitForSignalAsync(s => s.ToString() == "/clients/debian_made se.recompile.Mandos.Client.NeedApproval(60000; false)", "NeedApproval");
        Assert.Equal("true", await probe.GetAsync("/clients/debian_made", "ApprovalPending"));
        Assert.NotEqual("", await probe.GetAsync("/clients/debian_made", "LastApprovalRequest"));
        var approve = await MandosCtlAsync(bus, "--approve", "debian-made");
        Assert.True(approve.ExitCode == 0, approve.Stderr);

        var got = await client;
        Assert.False(got.TimedOut, $"no password after approval:\n{got.Stderr}\n{server.Log}");
        Assert.Equal(keys.Debian.Password, got.StdoutText);
        await probe.WaitForSignalAsync(s => s.ToString() == "/clients/debian_made se.recompile.Mandos.Client.GotSecret()", "GotSecret");
    }

    [Theory]
    [InlineData(BusServers.Ours)]
    [InlineData(BusServers.Debians)]
    public async Task DeniedClientGetsNothing(string which)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using IMandosServer server = await BusServers.StartAsync(which, _dir, Config(), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        Task<ProcessRunner.Result> client = Clients.DebiansAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(12), Path.Combine(_dir.Path, "hooks"), "--retry=2");
        await probe.WaitForSignalAsync(s => s.Member == "NeedApproval", "NeedApproval");
        var deny = await MandosCtlAsync(bus, "--deny", "debian-made");
        Assert.True(deny.ExitCode == 0, deny.Stderr);
        await probe.WaitForSignalAsync(s => s.ToString() == "/clients/debian_made se.bsnet.fukt.Mandos.Client.Rejected(Denied)", "Rejected");

        var got = await client;
        Assert.True(got.TimedOut, $"the client should still be waiting, it exited {got.ExitCode}");
        Assert.Empty(got.Stdout);
        Assert.DoesNotContain(probe.Signals, s => s.Member == "GotSecret");
    }

    private static Task<ProcessRunner.Result> MandosCtlAsync(PrivateSystemBus bus, params string[] args) =>
        ProcessRunner.RunAsync("/usr/sbin/mandos-ctl", args, TimeSpan.FromSeconds(30), bus.Environment.ToDictionary());
}
