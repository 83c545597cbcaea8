using Mandos.Server.Config;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class ServerSettingsReaderTests
{
    private static ServerSettings Parse(string text) => ServerSettingsReader.Parse(text, "mandos.conf");

    [Fact]
    public void MissingFileGivesTheUpstreamDefaults()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        var settings = ServerSettingsReader.Read(Path.Combine(dir.Path, "none", "mandos.conf"));

        Assert.Equal(new ServerSettings(), settings);
        Assert.Equal("", settings.Interface);
        Assert.Equal("", settings.Address);
        Assert.Null(settings.Port);
        Assert.False(settings.Debug);
        Assert.Equal("SECURE128:!CTYPE-X.509:+CTYPE-RAWPK:!RSA:!VERS-ALL:+VERS-TLS1.3:%PROFILE_ULTRA", settings.Priority);
        Assert.Equal("Mandos", settings.ServiceName);
        Assert.True(settings.UseDbus);
        Assert.True(settings.UseIpv6);
        Assert.Equal("", settings.DebugLevel);
        Assert.True(settings.Restore);
        Assert.Equal("/var/lib/mandos", settings.StateDirectory);
        Assert.False(settings.Foreground);
        Assert.Null(settings.Socket);
        Assert.True(settings.Zeroconf);
        Assert.Equal(4096, settings.MaxConnections);
        Assert.Equal(256, settings.MaxConnectionsPerHost);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ConnectionTimeout);
    }

    [Fact]
    public void ReadsEveryKeyFromDefault()
    {
        var settings = Parse("""
            [DEFAULT]
            interface = eth0
            address = fe80::1
            port = 1234
            debug = yes
            priority = NORMAL:%COMPAT
            servicename = Test
            use_dbus = off
            use_ipv6 = 0
            debuglevel = info
            restore = False
            statedir = /tmp/state
            foreground = true
            socket = 7
            zeroconf = no
            max_connections = 1000
            max_connections_per_host = 10
            connection_timeout = 1m 30s
            """);

        Assert.Equal(new ServerSettings
        {
            Interface = "eth0", Address = "fe80::1", Port = 1234, Debug = true, Priority = "NORMAL:%COMPAT",
            ServiceName = "Test", UseDbus = false, UseIpv6 = false, DebugLevel = "info", Restore = false,
            StateDirectory = "/tmp/state", Foreground = true, Socket = 7, Zeroconf = false,
            MaxConnections = 1000, MaxConnectionsPerHost = 10, ConnectionTimeout = TimeSpan.FromSeconds(90),
        }, settings);
    }

    [Fact]
    public void OtherSectionsAreIgnored()
    {
        var settings = Parse("[DEFAULT]\nport = 1\n[other]\nport = 2\ndebug = nonsense\n");

        Assert.Equal(1, settings.Port);
        Assert.False(settings.Debug);
    }

    [Fact]
    public void BadBooleanNamesFileKeyAndValue()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[DEFAULT]\nuse_dbus = maybe\n"));

        Assert.StartsWith("mandos.conf: [DEFAULT] use_dbus: invalid boolean \"maybe\"", error.Message);
    }

    [Theory]
    [InlineData("port = 80x", "mandos.conf: [DEFAULT] port: invalid integer \"80x\"")]
    [InlineData("port = 65536", "mandos.conf: [DEFAULT] port: 65536 is out of range (0 to 65535)")]
    [InlineData("socket = -1", "mandos.conf: [DEFAULT] socket: -1 is out of range (0 to 2147483647)")]
    [InlineData("max_connections = 0", "mandos.conf: [DEFAULT] max_connections: 0 is out of range (1 to 1048576)")]
    [InlineData("max_connections = many", "mandos.conf: [DEFAULT] max_connections: invalid integer \"many\"")]
    [InlineData("max_connections_per_host = -5", "mandos.conf: [DEFAULT] max_connections_per_host: -5 is out of range (1 to 1048576)")]
    [InlineData("connection_timeout = 0s", "mandos.conf: [DEFAULT] connection_timeout: \"0s\" must be more than zero and at most one day")]
    public void BadNumberIsAnError(string line, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => Parse($"[DEFAULT]\n{line}\n")).Message);

    [Fact]
    public void UnreadableConnectionTimeoutNamesTheKey()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("[DEFAULT]\nconnection_timeout = soon\n"));

        Assert.StartsWith("mandos.conf: [DEFAULT] connection_timeout: ", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void NumbersAndBooleansAreInterpolatedButTextIsRaw()
    {
        var settings = Parse("[DEFAULT]\nbase = 10\nport = %(base)s80\ndebug = %(yes)s\nyes = on\nservicename = %(base)s\n");

        Assert.Equal(1080, settings.Port);
        Assert.True(settings.Debug);
        Assert.Equal("%(base)s", settings.ServiceName);
    }

    [Fact]
    public void FileWithoutDefaultHeaderIsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => Parse("port = 1\n"));

        Assert.StartsWith("mandos.conf:1:", error.Message);
    }

    [Fact]
    public void CommandLineOverridesApplyWithWith()
    {
        var fromFile = Parse("[DEFAULT]\nport = 1\ndebug = true\n");

        var effective = fromFile with { Port = 2, UseDbus = false };

        Assert.Equal(2, effective.Port);
        Assert.False(effective.UseDbus);
        Assert.True(effective.RunsInForeground); // debug implies foreground
    }

    [Fact]
    public void ReadsAFile()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string path = dir.File("mandos.conf");
        File.WriteAllText(path, "[DEFAULT]\nservicename = FromFile\n");

        Assert.Equal("FromFile", ServerSettingsReader.Read(path).ServiceName);
    }
}
