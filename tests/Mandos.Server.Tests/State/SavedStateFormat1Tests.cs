using System.Text.Json.Nodes;
using Mandos.Server.Config;
using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.State;

/// <summary>
/// A <c>clients.json</c> as the server wrote it when format 1 began (Data/clients-format1.json,
/// from the sections in Data/clients-format1.conf): six clients, enabled and disabled in the
/// file and at run time, checker results and a killed checker, an approval request, settings
/// changed over D-Bus, a sealed secret and a removal marker. Every server must still load it,
/// field by field, and restore from it.
/// </summary>
[Lane(Lane.Unit)]
public sealed class SavedStateFormat1Tests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "State", "Data");
    private static readonly DateTime Created = Utc("2025-03-14T09:26:53");

    private readonly TempDir _dir = new("mandos-state-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryFieldOfEveryClientLoads()
    {
        var loaded = Load();

        Assert.Null(loaded.Warning);
        Assert.Null(loaded.Note);
        Assert.Equal(["alpha", "bravo", "charlie", "delta", "foxtrot"], loaded.Clients.Select(c => c.Name));

        var alphaApplied = Defaults("4B4F4F0A1C52B1FF3B2A8A1B6E1C3F8D9E0A7B6C5D4E3F2A1B0C9D8E7F6A5B4C", "778827225BD73FB75F0E7D7C2D5C3F0B2B3A8F4E", "alpha.example");
        AssertState(loaded.Clients[0], "alpha", alphaApplied, alphaApplied with { Host = "alpha-new.example.org" },
            lastEnabled: Created, expires: Utc("2025-03-14T09:32:53.123456"), lastCheckedOk: Utc("2025-03-14T09:27:53.123456"),
            lastCheckerStatus: 0, lastCheckerSignal: null, lastApprovalRequest: null);

        var bravoApplied = Defaults("0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0", "", "bravo.example") with
        {
            ExtendedTimeout = TimeSpan.FromMinutes(30),
            ApprovalDelay = TimeSpan.FromSeconds(30),
            ApprovalDuration = TimeSpan.FromSeconds(10),
            ApprovedByDefault = false,
        };
        AssertState(loaded.Clients[1], "bravo", bravoApplied, bravoApplied with { ApprovalDelay = TimeSpan.FromSeconds(90) },
            lastEnabled: Created, expires: Utc("2025-03-14T09:29:28.128456"), lastCheckedOk: null,
            lastCheckerStatus: 1, lastCheckerSignal: null, lastApprovalRequest: Utc("2025-03-14T09:27:53.123456"));

        var charlieApplied = Defaults("", "123456789ABCDEF0123456789ABCDEF012345678", "charlie.example") with { Enabled = false };
        AssertState(loaded.Clients[2], "charlie", charlieApplied, charlieApplied,
            lastEnabled: null, expires: null, lastCheckedOk: null,
            lastCheckerStatus: -2, lastCheckerSignal: null, lastApprovalRequest: null);

        var deltaApplied = Defaults("AA00BB11CC22DD33EE44FF5500AA11BB22CC33DD44EE55FF66AA77BB88CC99DD", "", "delta.example") with
        {
            Timeout = TimeSpan.FromHours(1),
            Interval = TimeSpan.FromMinutes(10),
            Checker = "fping -q -c 2 -- %(host)s",
        };
        var deltaNow = deltaApplied with
        {
            Timeout = TimeSpan.FromHours(2),
            ExtendedTimeout = TimeSpan.FromHours(6),
            Interval = TimeSpan.FromMinutes(20),
            ApprovalDuration = TimeSpan.FromSeconds(2.5),
            ApprovedByDefault = false,
            Checker = "ssh-keyscan -T 5 %%(host)s",
            Enabled = false,
        };
        AssertState(loaded.Clients[3], "delta", deltaApplied, deltaNow,
            lastEnabled: Created, expires: null, lastCheckedOk: null,
            lastCheckerStatus: -1, lastCheckerSignal: 15, lastApprovalRequest: null,
            encryptedSecret: "Xjbc1dDEatTxuIQQxSke1iIE5VZXS2Uh+xtBjkfLLdoJgwze/sIk4DxBlKhoKcQtNhZZNvG+9rsAgxmO9UqmFo4RNHfyFJM=");

        var foxtrotApplied = Defaults("FF00FF11FF22FF33FF44FF55FF66FF77FF88FF99FFAAFFBBFFCCFFDDFFEEFFFF", "", "foxtrot.example") with { Enabled = false };
        AssertState(loaded.Clients[4], "foxtrot", foxtrotApplied, foxtrotApplied with { Enabled = true },
            lastEnabled: Utc("2025-03-14T09:28:58.133456"), expires: Utc("2025-03-14T09:32:58.133456"), lastCheckedOk: null,
            lastCheckerStatus: -2, lastCheckerSignal: null, lastApprovalRequest: null);

        var removed = Assert.Single(loaded.Removed);
        Assert.Equal("echo", removed.Name);
        Assert.Equal(Defaults("EE00EE11EE22EE33EE44EE55EE66EE77EE88EE99EEAAEEBBEECCEEDDEEEEEEFF", "", "echo.example"), removed.Config);
    }

    [Fact]
    public void RestoresFromItWithItsClientsConf()
    {
        var config = ClientsConfigReader.Parse(File.ReadAllText(Path.Combine(DataDirectory, "clients-format1.conf")), "clients.conf");
        var merged = StateMerger.Merge(config.Clients, Load(), Utc("2025-03-14T09:29:30"));

        Assert.Empty(merged.DebugNotes);
        Assert.Equal("echo", Assert.Single(merged.Removed).Name);
        Assert.Equal(["alpha", "bravo", "charlie", "delta", "foxtrot"], merged.Clients.Select(c => c.State.Name));
        var delta = merged.Clients[3];
        Assert.Equal("a new secret set over D-Bus"u8.ToArray(), delta.Secret);
        Assert.False(delta.State.Settings.Enabled);
        Assert.Equal("alpha-new.example.org", merged.Clients[0].State.Settings.Host);
        Assert.Equal(config.Clients[0].Secret, merged.Clients[0].Secret);
        Assert.Equal(["disabling client bravo - Client never performed a successful checker"], merged.Warnings);
    }

    [Fact]
    public void SavingItAgainWritesTheSameDocument()
    {
        var loaded = Load();
        var file = new StateFile(_dir.Path);
        file.Save(loaded.Clients, loaded.Removed);

        var original = JsonNode.Parse(File.ReadAllText(Path.Combine(DataDirectory, "clients-format1.json")));
        Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(File.ReadAllText(file.FilePath))));
    }

    private StateLoadResult Load()
    {
        File.Copy(Path.Combine(DataDirectory, "clients-format1.json"), Path.Combine(_dir.Path, StateFile.FileName));
        return new StateFile(_dir.Path).Load();
    }

    private static DateTime Utc(string timestamp) =>
        DateTime.SpecifyKind(DateTime.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    /// <summary>A section with nothing but keys and host set: the built-in defaults.</summary>
    private static ClientSettings Defaults(string keyId, string fingerprint, string host) => StateSamples.BuiltInSettings(keyId, fingerprint, host);

    private static void AssertState(
        ClientState state, string name, ClientSettings applied, ClientSettings current,
        DateTime? lastEnabled, DateTime? expires, DateTime? lastCheckedOk,
        int lastCheckerStatus, int? lastCheckerSignal, DateTime? lastApprovalRequest, string? encryptedSecret = null)
    {
        var expected = new ClientState
        {
            Name = name,
            Applied = applied,
            Settings = current,
            LastEnabled = lastEnabled,
            Expires = expires,
            LastCheckedOk = lastCheckedOk,
            LastCheckerStatus = lastCheckerStatus,
            LastCheckerSignal = lastCheckerSignal,
            LastApprovalRequest = lastApprovalRequest,
            Created = Created,
        };
        Assert.Equal(expected, state with { EncryptedSecret = null });
        Assert.Equal(encryptedSecret, state.EncryptedSecret is null ? null : Convert.ToBase64String(state.EncryptedSecret));
        foreach (var timestamp in new[] { state.LastEnabled, state.Expires, state.LastCheckedOk, state.LastApprovalRequest, state.Created })
        {
            Assert.True(timestamp is null || timestamp.Value.Kind == DateTimeKind.Utc);
        }
    }
}
