using Mandos.Integration.Tests.Harness;
using Mandos.Testing.Waiting;

namespace Mandos.Integration.Tests.BusApi;

/// <summary>Starts our server or Debian's with its D-Bus API on a private bus, for side-by-side tests.</summary>
public static class BusServers
{
    public const string Ours = "ours";
    public const string Debians = "debian";

    public static async Task<IMandosServer> StartAsync(string which, TempDir dir, string configDir, PrivateSystemBus bus, params string[] extra) =>
        which == Ours
            ? await OurServer.StartAsync(configDir, dir.Sub("state-" + Guid.NewGuid().ToString("N")[..8]), bus, extra)
            : await DebianServer.StartAsync(dir.Sub("debian-" + Guid.NewGuid().ToString("N")[..8]), configDir, bus);

    /// <summary>Waits until the server owns its bus name (Debian's server takes it after listening).</summary>
    public static Task WaitForNameAsync(BusProbe probe, IMandosServer server) =>
        Eventually.Until(() => probe.HasOwnerAsync(BusProbe.Service), $"{server.Name} to take {BusProbe.Service} on the bus", () => server.Log);
}
