using Mandos.Core.Logging;
using Mandos.Server.Clients;
using Mandos.Server.Config;
using Microsoft.Extensions.Time.Testing;

namespace Mandos.Server.Tests.Clients;

/// <summary>A client on a fake clock with fake checkers, configured as the test says.</summary>
internal sealed class ClientFixture : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public ClientFixture(Func<ClientSettings, ClientSettings>? configure = null)
    {
        var settings = new ClientSettings
        {
            KeyId = "AB",
            Fingerprint = "",
            Host = "foo.example",
            Timeout = TimeSpan.FromMinutes(5),
            ExtendedTimeout = TimeSpan.FromMinutes(15),
            Interval = TimeSpan.FromMinutes(2),
            ApprovalDelay = TimeSpan.Zero,
            ApprovalDuration = TimeSpan.FromSeconds(1),
            ApprovedByDefault = true,
            Enabled = true,
            Checker = "fping -q -- %(host)s",
        };
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
