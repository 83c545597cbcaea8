using System.Text.Json;
using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// A private system bus, a Mandos server on it with the given clients.conf sections, and the
/// means to run either mandos-ctl against it and read its --dump-json.
/// </summary>
public sealed class ControlledServer : IAsyncDisposable
{
    private readonly TempDir _dir;
    private readonly PrivateSystemBus _bus;
    private readonly IMandosServer _server;

    private ControlledServer(TempDir dir, PrivateSystemBus bus, IMandosServer server)
    {
        _dir = dir;
        _bus = bus;
        _server = server;
    }

    public string BusAddress => _bus.Address;

    public int Port => _server.Port;

    public string Log => _server.Log;

    public string Directory => _dir.Path;

    public static async Task<ControlledServer> StartAsync(BusServerKind kind, IEnumerable<string> sections)
    {
        var dir = new TempDir("mandos-ctl-");
        PrivateSystemBus? bus = null;
        try
        {
            bus = await PrivateSystemBus.StartAsync();
            string configDir = ClientsConf.Write(dir.Sub("conf"), sections);
            IMandosServer server = await kind.StartAsync(dir, configDir, bus);
            var controlled = new ControlledServer(dir, bus, server);
            await controlled.WaitUntilListedAsync();
            return controlled;
        }
        catch
        {
            if (bus is not null)
            {
                await bus.DisposeAsync();
            }
            dir.Dispose();
            throw;
        }
    }

    public Task<ProcessRunner.Result> RunAsync(CtlProgram ctl, params string[] args) => ctl.RunAsync(BusAddress, args);

    /// <summary>The clients as a ctl's --dump-json shows them, keyed by name.</summary>
    public async Task<JsonElement> DumpAsync(CtlProgram ctl)
    {
        ProcessRunner.Result dump = await RunAsync(ctl, "--dump-json");
        Assert.True(dump.ExitCode == 0, $"{ctl} mandos-ctl --dump-json failed ({dump.ExitCode}): {dump.Stderr}");
        using JsonDocument json = JsonDocument.Parse(dump.Stdout);
        return json.RootElement.Clone();
    }

    /// <summary>Polls a ctl's --dump-json until <paramref name="condition"/> holds (<paramref name="awaited"/> says what that means).</summary>
    public Task WaitForAsync(CtlProgram ctl, Func<JsonElement, bool> condition, string awaited) =>
        Eventually.Until(async () => condition(await DumpAsync(ctl)), awaited, () => Log);

    // The server listens before, or just after, its objects are on the bus.
    private async Task WaitUntilListedAsync()
    {
        string lastError = "";
        await Eventually.Until(async () =>
        {
            ProcessRunner.Result list = await RunAsync(CtlProgram.Debians, "--dump-json");
            lastError = list.Stderr;
            return list.ExitCode == 0;
        }, "the server's clients to appear on the bus", () => lastError + "\n" + Log);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _bus.DisposeAsync();
        _dir.Dispose();
    }
}
