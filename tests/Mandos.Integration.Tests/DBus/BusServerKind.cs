using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// A Mandos server with its D-Bus API on a private system bus: Debian's real one or ours. The
/// mandos-ctl comparisons run once against each, so both ctls are checked against both servers.
/// </summary>
public sealed class BusServerKind
{
    private readonly Func<TempDir, string, PrivateSystemBus, Task<IMandosServer>> _start;

    private BusServerKind(string name, Func<TempDir, string, PrivateSystemBus, Task<IMandosServer>> start)
    {
        Name = name;
        _start = start;
    }

    public string Name { get; }

    public static BusServerKind Debian { get; } = new("debian",
        async (dir, configDir, bus) => await DebianServer.StartAsync(dir.Sub("debian-server"), configDir, bus));

    public static BusServerKind Ours { get; } = new("ours",
        async (dir, configDir, bus) => await OurServer.StartAsync(configDir, Path.Combine(dir.Path, "state"), bus));

    /// <summary>For [MemberData]: every server kind by name.</summary>
    public static TheoryData<string> Names => new() { Debian.Name, Ours.Name };

    public static BusServerKind Named(string name) => name == Debian.Name ? Debian : Ours;

    public Task<IMandosServer> StartAsync(TempDir dir, string configDir, PrivateSystemBus bus) => _start(dir, configDir, bus);

    public override string ToString() => Name;
}
