namespace Mandos.Server.Clients;

/// <summary>What a connection gets: the secret, or a rejection named as upstream's D-Bus Rejected signal names it.</summary>
public sealed class ApprovalOutcome
{
    public static readonly ApprovalOutcome Send = new(null);
    public static readonly ApprovalOutcome Disabled = new("Disabled");
    public static readonly ApprovalOutcome Denied = new("Denied");
    public static readonly ApprovalOutcome TimedOut = new("Approval timed out");

    private ApprovalOutcome(string? rejectionReason) => RejectionReason = rejectionReason;

    /// <summary>null when the secret is to be sent.</summary>
    public string? RejectionReason { get; }

    public override string ToString() => RejectionReason ?? "Send";
}
