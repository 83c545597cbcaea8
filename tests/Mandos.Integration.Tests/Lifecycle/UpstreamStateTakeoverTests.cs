using System.Text.Json;
using Mandos.Integration.Tests.BusApi;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.Lifecycle;

/// <summary>
/// The upgrade from Debian's server to ours keeps every client's state: Debian's real mandos
/// disables a client (Debian's mandos-ctl --disable) and stops, saving clients.pickle; ours,
/// started on that state directory, refuses that client, serves the other, writes clients.json
/// and keeps Debian's file as clients.pickle.migrated, readable by its owner only.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class UpstreamStateTakeoverTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AClientDebiansServerDisabledStaysDisabledUnderOurs()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection, keys.Ours.ClientSection]);
        string state = await DebiansServerDisablesAsync(conf, "debian-made");

        await using OurServer ours = await OurServer.StartAsync(conf, state, "--restore");
        await ours.WaitForLogAsync("Kept upstream's state file as");

        var served = await Clients.OursAsync(keys.Ours, ours.Port, TimeSpan.FromSeconds(60));
        Assert.True(served.ExitCode == 0, $"{served.Stderr}\n{ours.Log}");
        Assert.Equal(keys.Ours.Password, served.StdoutText);
        Task<ProcessRunner.Result> refused = Clients.DebiansAsync(keys.Debian, ours.Port, TimeSpan.FromSeconds(6), Path.Combine(_dir.Path, "hooks"));
        await ours.WaitForLogAsync("Client debian-made is disabled");
        var nothing = await refused;
        Assert.True(nothing.TimedOut);
        Assert.Empty(nothing.Stdout);

        Assert.False(File.Exists(Path.Combine(state, "clients.pickle")));
        string migrated = Path.Combine(state, "clients.pickle.migrated");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(migrated));
        Assert.Equal(new Dictionary<string, bool> { ["debian-made"] = false, ["our-made"] = true }, EnabledIn(Path.Combine(state, "clients.json")));
    }

    /// <summary>
    /// Back to Debian's server and up to ours again: the clients.pickle Debian's server writes then
    /// is newer than our clients.json, and it is the state ours takes over.
    /// </summary>
    [Fact]
    public async Task AfterADowngradeAndAnUpgradeAgainDebiansNewerStateWins()
    {
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection, keys.Ours.ClientSection]);
        string state = await DebiansServerDisablesAsync(conf, "debian-made");
        await using (OurServer first = await OurServer.StartAsync(conf, state, "--restore"))
        {
            await first.WaitForLogAsync("Kept upstream's state file as");
        }
        Assert.Equal(new Dictionary<string, bool> { ["debian-made"] = false, ["our-made"] = true }, EnabledIn(Path.Combine(state, "clients.json")));

        // Debian's server again (it starts from clients.conf: upstream's file is now .migrated): our-made disabled this time.
        Assert.Equal(state, await DebiansServerDisablesAsync(conf, "our-made"));

        await using OurServer ours = await OurServer.StartAsync(conf, state, "--restore");
        await ours.WaitForLogAsync("Kept upstream's state file as");
        var served = await Clients.OursAsync(keys.Debian, ours.Port, TimeSpan.FromSeconds(60));
        Assert.True(served.ExitCode == 0, $"{served.Stderr}\n{ours.Log}");
        Assert.Equal(keys.Debian.Password, served.StdoutText);
        Assert.Equal(new Dictionary<string, bool> { ["debian-made"] = true, ["our-made"] = false }, EnabledIn(Path.Combine(state, "clients.json")));
        Assert.False(File.Exists(Path.Combine(state, "clients.pickle")));
    }

    /// <summary>Debian's server on the test's state directory; Debian's mandos-ctl disables <paramref name="client"/>; stopped, it saves clients.pickle there.</summary>
    private async Task<string> DebiansServerDisablesAsync(string conf, string client)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using DebianServer debian = await DebianServer.StartAsync(Path.Combine(_dir.Path, "debian"), conf, bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, debian);
        var disable = await ProcessRunner.RunAsync(DebianPackages.Ctl, ["--disable", client], TimeSpan.FromSeconds(30), bus.Environment.ToDictionary());
        Assert.True(disable.ExitCode == 0, disable.Stderr);
        Assert.Equal("false", await probe.GetAsync("/clients/" + client.Replace('-', '_'), "Enabled"));
        await debian.StopAsync();
        Assert.True(File.Exists(Path.Combine(debian.StateDirectory, "clients.pickle")), $"Debian's server saved no state:\n{debian.Log}");
        return debian.StateDirectory;
    }

    private static Dictionary<string, bool> EnabledIn(string clientsJson)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(clientsJson));
        return doc.RootElement.GetProperty("clients").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("enabled").GetBoolean());
    }
}
