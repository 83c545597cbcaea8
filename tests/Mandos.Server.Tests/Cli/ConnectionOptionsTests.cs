using Mandos.Core.CommandLine;
using Mandos.Server.Cli;
using Mandos.Server.Config;
using Xunit;

namespace Mandos.Server.Tests.Cli;

/// <summary>--max-connections, --max-connections-per-host and --connection-timeout over mandos.conf.</summary>
[Lane(Lane.Unit)]
public sealed class ConnectionOptionsTests
{
    private static ServerSettings Apply(params string[] args) =>
        SettingsFromCommandLine.Apply(new ServerSettings { MaxConnections = 10, MaxConnectionsPerHost = 2 }, ServerCommandLine.Parse(args));

    [Fact]
    public void OptionsGivenOverrideTheFile()
    {
        ServerSettings s = Apply("--max-connections", "500", "--max-connections-per-host=20", "--connection-timeout", "PT45S");
        Assert.Equal(500, s.MaxConnections);
        Assert.Equal(20, s.MaxConnectionsPerHost);
        Assert.Equal(TimeSpan.FromSeconds(45), s.ConnectionTimeout);
    }

    [Fact]
    public void OptionsNotGivenKeepTheFilesValues()
    {
        ServerSettings s = Apply("--debug");
        Assert.Equal(10, s.MaxConnections);
        Assert.Equal(2, s.MaxConnectionsPerHost);
        Assert.Equal(TimeSpan.FromSeconds(30), s.ConnectionTimeout);
    }

    [Theory]
    [InlineData("--max-connections", "0", "argument --max-connections: expected a whole number from 1 to 1048576, not '0'")]
    [InlineData("--max-connections-per-host", "lots", "argument --max-connections-per-host: expected a whole number from 1 to 1048576, not 'lots'")]
    [InlineData("--connection-timeout", "-3s",
        "argument --connection-timeout: expected a duration such as 30s, 2m or PT45S, more than zero and at most one day, not '-3s'")]
    [InlineData("--connection-timeout", "2d",
        "argument --connection-timeout: expected a duration such as 30s, 2m or PT45S, more than zero and at most one day, not '2d'")]
    public void BadValueIsOneSentenceNamingTheOption(string option, string value, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => ServerCommandLine.Parse([option, value])).Message);
}
