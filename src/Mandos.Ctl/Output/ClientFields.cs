namespace Mandos.Ctl.Output;

/// <summary>The client properties mandos-ctl shows, in upstream's order, with their column headers.</summary>
internal static class ClientFields
{
    /// <summary>The columns of the table without --verbose.</summary>
    public static IReadOnlyList<string> Default { get; } = ["Name", "Enabled", "Timeout", "LastCheckedOK"];

    /// <summary>The columns with --verbose, and the keys of --dump-json.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "Name", "Enabled", "Timeout", "LastCheckedOK", "Created", "Interval", "Host", "KeyID", "Fingerprint",
        "CheckerRunning", "LastEnabled", "ApprovalPending", "ApprovedByDefault", "LastApprovalRequest",
        "ApprovalDelay", "ApprovalDuration", "Checker", "ExtendedTimeout", "Expires", "LastCheckerStatus",
    ];

    /// <summary>Properties holding milliseconds, shown as [DAYS"T"]HH:MM:SS.</summary>
    public static IReadOnlySet<string> Durations { get; } =
        new HashSet<string> { "Timeout", "Interval", "ApprovalDelay", "ApprovalDuration", "ExtendedTimeout" };

    public static string Header(string field) => field switch
    {
        "LastCheckedOK" => "Last Successful Check",
        "LastApprovalRequest" => "Last Approval Request",
        "KeyID" => "Key ID",
        "CheckerRunning" => "Check Is Running",
        "LastEnabled" => "Last Enabled",
        "ApprovalPending" => "Approval Is Pending",
        "ApprovedByDefault" => "Approved By Default",
        "ApprovalDelay" => "Approval Delay",
        "ApprovalDuration" => "Approval Duration",
        "ExtendedTimeout" => "Extended Timeout",
        "LastCheckerStatus" => "Last Checker Status",
        _ => field,
    };
}
