using Mandos.Server.Config;
using Mandos.Server.State;

namespace Mandos.Server.Tests.State;

/// <summary>Sections and saved states as the tests need them, and a scratch state directory.</summary>
internal static class StateSamples
{
    public static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A client's settings when its section sets only its keys and host: the built-in defaults.</summary>
    public static ClientSettings BuiltInSettings(string keyId, string fingerprint, string host) => new()
    {
        KeyId = keyId,
        Fingerprint = fingerprint,
        Host = host,
        Timeout = TimeSpan.FromMinutes(5),
        ExtendedTimeout = TimeSpan.FromMinutes(15),
        Interval = TimeSpan.FromMinutes(2),
        ApprovalDelay = TimeSpan.Zero,
        ApprovalDuration = TimeSpan.FromSeconds(1),
        ApprovedByDefault = true,
        Enabled = true,
        Checker = "fping -q -- %(host)s",
    };

    public static ClientSection Section(string name = "foo", bool enabled = true, byte[]? secret = null) => new()
    {
        Name = name,
        Settings = BuiltInSettings("AB12", "", name + ".example") with { Enabled = enabled },
        Secret = secret ?? [1, 2, 3, 4],
        Options = new Dictionary<string, string>(),
    };

    public static ClientSection WithSettings(this ClientSection section, Func<ClientSettings, ClientSettings> edit) =>
        section with { Settings = edit(section.Settings) };

    public static ClientState WithSettings(this ClientState state, Func<ClientSettings, ClientSettings> edit) =>
        state with { Settings = edit(state.Settings) };

    /// <summary>The state a client of <paramref name="section"/> had when the server stopped an hour ago.</summary>
    public static ClientState Saved(ClientSection section) => ClientState.Fresh(section, Now.AddDays(-10)) with
    {
        Expires = Now.AddMinutes(3),
        LastCheckedOk = Now.AddMinutes(-2),
        LastCheckerStatus = 0,
    };

    /// <summary>A client with every field set to something distinct, to prove that each one round-trips.</summary>
    public static ClientState EveryFieldSet(string name) => new()
    {
        Name = name,
        Applied = Section(name).Settings,
        Settings = new ClientSettings
        {
            KeyId = "CD34",
            Fingerprint = "EF56",
            Host = "other.example",
            Timeout = TimeSpan.FromHours(1),
            ExtendedTimeout = TimeSpan.FromDays(2),
            Interval = TimeSpan.FromSeconds(30),
            ApprovalDelay = TimeSpan.FromSeconds(7),
            ApprovalDuration = TimeSpan.FromMilliseconds(1500),
            ApprovedByDefault = false,
            Checker = "true %%(host)s \"quoted\" ünïcode",
            Enabled = true,
        },
        LastEnabled = Now.AddDays(-1),
        Expires = Now.AddMinutes(4).AddTicks(1234567),
        LastCheckedOk = Now.AddMinutes(-1),
        LastCheckerStatus = -1,
        LastCheckerSignal = 9,
        LastApprovalRequest = Now.AddHours(-3),
        Created = Now.AddYears(-1),
        EncryptedSecret = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    };
}
