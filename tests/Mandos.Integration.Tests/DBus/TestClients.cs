namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// clients.conf sections for the ctl tests. Fake keys are enough for everything but approvals.
/// Every section has a fingerprint: Debian's 1.8.16 server fails with a KeyError without one.
/// </summary>
public static class TestClients
{
    public static string Section(string name, int number, params string[] extra) => $"""
        [{name}]
        key_id = {number:x64}
        fingerprint = {number:X40}
        secret = c2VjcmV0
        host = {name}.example.org
        {string.Join("\n", extra)}

        """;

    /// <summary>Four clients: plain, disabled and denied-by-default, one whose checker fails, one with long durations.</summary>
    public static IReadOnlyList<string> Several { get; } =
    [
        Section("alpha", 1),
        Section("beta-2.x", 2, "enabled = False", "approved_by_default = False", "approval_delay = PT30S",
            "approval_duration = P1DT2H3M5S"),
        Section("gamma", 3, "checker = false"),
        Section("delta", 4, "timeout = P2D", "interval = PT1H", "extended_timeout = P1W"),
    ];
}
