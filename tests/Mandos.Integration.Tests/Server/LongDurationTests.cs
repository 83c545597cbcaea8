using System.Text.Json;
using Mandos.Integration.Tests.BusApi;
using Mandos.Integration.Tests.DBus;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Server;

/// <summary>
/// Durations past the runtime's timer limit (2^32 − 2 ms, about 49.7 days), as clients.conf
/// allows them: our server started with ten-week and thousand-week values starts, serves its
/// client after an approval, and our mandos-ctl shows and sets them over the real D-Bus.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class LongDurationTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ServerWithWeeksLongDurationsStartsServesAndIsControlled()
    {
        string config = ClientsConf.Write(_dir.Sub("conf"), [keys.Ours.ClientSection
            + "timeout = P10W\ninterval = P10W\nextended_timeout = P1000W\napproval_delay = P10W\napproval_duration = P10W\n"
            + "approved_by_default = False\n"]);
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using OurServer server = await OurServer.StartAsync(config, Path.Combine(_dir.Path, "state"), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        JsonElement client = (await DumpAsync(bus)).GetProperty("our-made");
        Assert.Equal(6_048_000_000, client.GetProperty("Timeout").GetInt64());
        Assert.Equal(6_048_000_000, client.GetProperty("Interval").GetInt64());
        Assert.Equal(604_800_000_000, client.GetProperty("ExtendedTimeout").GetInt64());
        Assert.Equal(6_048_000_000, client.GetProperty("ApprovalDelay").GetInt64());
        Assert.Equal(6_048_000_000, client.GetProperty("ApprovalDuration").GetInt64());

        // The connection waits for an approval of up to ten weeks; mandos-ctl gives it.
        Task<ProcessRunner.Result> fetching = Clients.OursAsync(keys.Ours, server.Port, TimeSpan.FromSeconds(60));
        await probe.WaitForSignalAsync(s => s.ToString() == "/clients/our_made se.recompile.Mandos.Client.NeedApproval(6048000000; false)",
            "NeedApproval with the ten-week delay");
        await Succeeds(bus, "--approve", "our-made");
        ProcessRunner.Result got = await fetching;
        Assert.True(got.ExitCode == 0, $"{got.Stderr}\n{server.Log}");
        Assert.Equal(keys.Ours.Password, got.StdoutText);

        // After the secret went out the client expires extended_timeout (1000 weeks) from now.
        await probe.WaitForSignalAsync(s => s.Member == "GotSecret", "GotSecret");
        await Succeeds(bus, "--timeout", "P1000W", "--interval", "PT4294967S", "our-made");
        client = (await DumpAsync(bus)).GetProperty("our-made");
        Assert.Equal(604_800_000_000, client.GetProperty("Timeout").GetInt64());
        Assert.Equal(4_294_967_000, client.GetProperty("Interval").GetInt64());
        Assert.True(client.GetProperty("Enabled").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", client.GetProperty("Expires").GetString());

        ProcessRunner.Result table = await Succeeds(bus, "--verbose", "our-made");
        Assert.Contains("7000T00:00:00", table.StdoutText, StringComparison.Ordinal); // timeout
        Assert.Contains("49T17:02:47", table.StdoutText, StringComparison.Ordinal); // interval, 4294967 s

        // Longer than the server can keep (the pre-1.6.1 syntax reaches 2^64 ms): the server refuses the value (mandos-ctl, as upstream's,
        // reports a refused property write without failing), and serves on.
        ProcessRunner.Result refused = await CtlProgram.Ours.RunAsync(bus.Address, "--timeout", "9223372036854776s", "our-made");
        Assert.DoesNotMatch(ErrorOutput.ResourceKeyOrStack, refused.Stderr);
        Assert.Equal(604_800_000_000, (await DumpAsync(bus)).GetProperty("our-made").GetProperty("Timeout").GetInt64());
        Assert.False(server.HasExited, server.Log);
        Assert.DoesNotMatch(ErrorOutput.ResourceKeyOrStack, server.Log);
    }

    private static async Task<JsonElement> DumpAsync(PrivateSystemBus bus) =>
        JsonDocument.Parse((await Succeeds(bus, "--dump-json")).StdoutText).RootElement.Clone();

    private static async Task<ProcessRunner.Result> Succeeds(PrivateSystemBus bus, params string[] args)
    {
        ProcessRunner.Result result = await CtlProgram.Ours.RunAsync(bus.Address, args);
        Assert.True(result.ExitCode == 0, $"mandos-ctl {string.Join(' ', args)}: {result.Stderr}");
        return result;
    }
}
