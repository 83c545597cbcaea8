namespace Mandos.Keygen.Preflight.Report;

/// <summary>All the lines of one test; a reboot would unlock when none failed.</summary>
internal sealed record PreflightReport(IReadOnlyList<CheckResult> Checks)
{
    public bool WouldUnlock => Checks.All(c => c.Status != CheckStatus.Failed);

    public int FailedCount => Checks.Count(c => c.Status == CheckStatus.Failed);
}
