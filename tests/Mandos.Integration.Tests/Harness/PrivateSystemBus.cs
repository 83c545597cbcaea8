using System.Text.RegularExpressions;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A dbus-daemon of the test's own, configured like Debian's system bus (nobody may own a name or
/// call a method unless a policy file allows it) with the shipped boot/dbus/mandos.conf and any
/// other policy files included: so the tests exercise the policy too. Programs reach it through
/// <see cref="Environment"/> (DBUS_SYSTEM_BUS_ADDRESS).
/// </summary>
public sealed partial class PrivateSystemBus : IAsyncDisposable
{
    private readonly BackgroundProcess _daemon;
    private readonly TempDir _dir;

    private PrivateSystemBus(BackgroundProcess daemon, TempDir dir, string address)
    {
        _daemon = daemon;
        _dir = dir;
        Address = address;
    }

    /// <summary>The bus address, e.g. <c>unix:path=/tmp/…/system_bus_socket</c>.</summary>
    public string Address { get; }

    /// <summary>Environment to give every program that should use this bus as its system bus.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = Address };

    public static async Task<PrivateSystemBus> StartAsync(params string[] extraPolicyFiles)
    {
        DebianPackages.Require();
        var dir = new TempDir();
        // dbus-daemon runs as root but the server talks to it as _mandos: the socket's directory must be reachable.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        string socket = System.IO.Path.Combine(dir.Path, "system_bus_socket");
        string includes = string.Concat(new[] { System.IO.Path.Combine(RepoPaths.Root, "boot", "dbus", "mandos.conf") }
            .Concat(extraPolicyFiles).Select(f => $"  <include>{f}</include>\n"));
        string config = System.IO.Path.Combine(dir.Path, "bus.conf");
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <deny own="*"/>
                <deny send_type="method_call"/>
                <allow send_type="signal"/>
                <allow send_requested_reply="true" send_type="method_return"/>
                <allow send_requested_reply="true" send_type="error"/>
                <allow receive_type="method_call"/>
                <allow receive_type="method_return"/>
                <allow receive_type="error"/>
                <allow receive_type="signal"/>
                <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
                <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
                <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
              </policy>
            {includes}</busconfig>
            """);
        BackgroundProcess daemon = ProcessRunner.Start("dbus-daemon", ["--config-file=" + config, "--nofork", "--nopidfile", "--print-address"]);
        var bus = new PrivateSystemBus(daemon, dir, "unix:path=" + socket);
        try
        {
            // The address line is printed once the socket listens.
            await daemon.WaitForOutputAsync(AddressLine());
        }
        catch
        {
            await bus.DisposeAsync();
            throw;
        }
        return bus;
    }

    [GeneratedRegex("^unix:", RegexOptions.Multiline)]
    private static partial Regex AddressLine();

    public async ValueTask DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _dir.Dispose();
    }
}
