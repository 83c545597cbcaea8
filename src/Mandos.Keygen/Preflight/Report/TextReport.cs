using Mandos.Core.Posix;

namespace Mandos.Keygen.Preflight.Report;

/// <summary>
/// The report for people: one line per check (<c>[ ok ]</c>, <c>[warn]</c> or <c>[FAIL]</c>, the
/// check, what was found and how to fix it) and a last line with the verdict. When stdout is
/// the journal (systemd's JOURNAL_STREAM names our stdout), each line starts with its syslog
/// priority (&lt;4&gt; warning for trouble, &lt;6&gt; info otherwise), so the timer's runs show
/// up in <c>journalctl -p warning</c> exactly when a reboot would not unlock.
/// </summary>
internal static class TextReport
{
    private const string Warning = "<4>";
    private const string Info = "<6>";

    public static void Write(PreflightReport report, TextWriter output, bool toJournal)
    {
        foreach (CheckResult check in report.Checks)
        {
            string mark = check.Status switch
            {
                CheckStatus.Ok => "[ ok ]",
                CheckStatus.Warning => "[warn]",
                _ => "[FAIL]",
            };
            string fix = check.Fix is null ? "" : $" (fix: {PrintableText.Of(check.Fix)})";
            // Whatever a message quotes (a crypttab, an image, a server), no control character
            // reaches a terminal, and no line break starts a line with a priority of its own.
            output.WriteLine($"{Priority(toJournal, check.Status != CheckStatus.Ok)}{mark} {check.Check}: {PrintableText.Of(check.Message)}{fix}");
        }
        output.WriteLine(report.WouldUnlock
            ? $"{Priority(toJournal, false)}mandos-keygen: a reboot now would unlock this machine"
            : $"{Priority(toJournal, true)}mandos-keygen: a reboot now would NOT unlock this machine ({report.FailedCount} {(report.FailedCount == 1 ? "check" : "checks")} failed)");
    }

    /// <summary>Whether stdout is the journal's stream: JOURNAL_STREAM is "DEVICE:INODE" of it (systemd.exec(5)).</summary>
    public static bool StandardOutputIsJournal()
    {
        string? stream = Environment.GetEnvironmentVariable("JOURNAL_STREAM");
        if (stream is null || FileStatus.Of(1) is not FileStatus stdout)
        {
            return false;
        }
        string[] parts = stream.Split(':');
        return parts.Length == 2
            && ulong.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong device)
            && ulong.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong inode)
            && device == stdout.Device && inode == stdout.Inode;
    }

    private static string Priority(bool toJournal, bool trouble) => !toJournal ? "" : trouble ? Warning : Info;
}
