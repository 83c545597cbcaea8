using Mandos.Core.DBus;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Tests.Output;

/// <summary>The clients of Expected/generate.py, with the D-Bus types the server sends (t for durations, n for the status).</summary>
internal static class SampleClients
{
    public static ClientObject Foo { get; } = Client("/clients/foo", "foo", "92ed150794387c03ce684574b1139a6594a34f895daaaf09fd8ea90a27cddb12",
        "foo.example.org", true, 300000, "2019-02-03T00:00:00", "2019-01-02T00:00:00", 120000,
        "778827225BA7DE539C5A7CFA59CFF7CDBD9A5920", false, "2019-01-03T00:00:00", false, true, "", 0, 1000,
        "fping -q -- %(host)s", 900000, "2019-02-04T00:00:00", 0);

    public static ClientObject Barbar { get; } = Client("/clients/barbar", "barbar", "0558568eedd67d622f5c83b35a115f796ab612cff5ad227247e46c2b020f441c",
        "192.0.2.3", true, 300000, "2019-02-04T00:00:00", "2019-01-03T00:00:00", 120000,
        "3E393AEAEFB84C7E89E2F547B3A107558FCA3A27", true, "2019-01-04T00:00:00", false, false, "2019-01-03T00:00:00",
        30000, 93785000, ":", 900000, "2019-02-05T00:00:00", -2);

    public static ClientObject Unicode { get; } = Client("/clients/uni", "\u00fcn\u00ef\U0001F600", "",
        "\"q\u00fcoted\\h\u2603st\U0001F600\"\t/\x7f", false, (86400000UL * 400) + 1, "", "2019-01-03T00:00:00.123456", 999,
        "", false, "", true, true, "2019-01-03T00:00:00", 18446744073709551, 1, "echo '%(host)s' \u00e9", 0, "", -1);

    public static IReadOnlyList<ClientObject> All { get; } = [Foo, Barbar, Unicode];

    public static string Expected(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Expected", name));

    private static ClientObject Client(string path, string name, string keyId, string host, bool enabled, ulong timeout,
        string lastCheckedOk, string created, ulong interval, string fingerprint, bool checkerRunning, string lastEnabled,
        bool approvalPending, bool approvedByDefault, string lastApprovalRequest, ulong approvalDelay, ulong approvalDuration,
        string checker, ulong extendedTimeout, string expires, short lastCheckerStatus) =>
        new(path, new Dictionary<string, VariantValue>
        {
            ["Name"] = name, ["KeyID"] = keyId, ["Host"] = host, ["Enabled"] = enabled, ["Timeout"] = timeout,
            ["LastCheckedOK"] = lastCheckedOk, ["Created"] = created, ["Interval"] = interval, ["Fingerprint"] = fingerprint,
            ["CheckerRunning"] = checkerRunning, ["LastEnabled"] = lastEnabled, ["ApprovalPending"] = approvalPending,
            ["ApprovedByDefault"] = approvedByDefault, ["LastApprovalRequest"] = lastApprovalRequest,
            ["ApprovalDelay"] = approvalDelay, ["ApprovalDuration"] = approvalDuration, ["Checker"] = checker,
            ["ExtendedTimeout"] = extendedTimeout, ["Expires"] = expires, ["LastCheckerStatus"] = lastCheckerStatus,
            ["ObjectPath"] = new ObjectPath(path),
        });
}
