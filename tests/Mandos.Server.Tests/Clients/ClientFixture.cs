using Mandos.Core.Logging;
using Mandos.Server.Clients;
using Mandos.Server.Config;
using Mandos.Server.Tests.State;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Server.Tests.Clients;

/// <summary>A client on a fake clock with fake checkers, configured as the test says.</summary>
internal sealed class ClientFixture : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public ClientFixture(Func<ClientSettings, ClientSettings>? configure = null)
    {
        ClientSettings settings = StateSamples.BuiltInSettings("AB", "", "foo.example");
        var section = new ClientSection
        {
            Name = "foo",
            Settings = configure is null ? settings : configure(settings),
            Secret = [1, 2, 3],
            Options = new Dictionary<string, string>(),
        };
        Client = new ClientRecord(section, Time, Checkers, new Log(LogLevel.Critical));
    }

    public FakeTimeProvider Time { get; } = new(Epoch);

    public FakeCheckers Checkers { get; } = new();

    public ClientRecord Client { get; }

    public DateTime Now => Time.GetUtcNow().UtcDateTime;

    public void Advance(TimeSpan by) => Time.Advance(by);

    public void Dispose() => Client.Dispose();
}
