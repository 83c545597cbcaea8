using System.Text.Json;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Report;

namespace Mandos.Keygen.Tests.Preflight.Report;

/// <summary>The report's two forms: lines for people (with journal priorities under systemd) and one JSON object.</summary>
[Lane(Lane.Unit)]
public sealed class ReportTests
{
    private static readonly PreflightReport Failing = new(
    [
        CheckResult.Ok("keys", "/etc/keys/mandos holds a key set"),
        CheckResult.Warning("initramfs", "not checked", "run without --initramfs="),
        CheckResult.Failed("server", "no \"server\" answered", "start one"),
    ]);

    [Fact]
    public void OneLinePerCheckThenTheVerdict()
    {
        var output = new StringWriter { NewLine = "\n" };

        TextReport.Write(Failing, output, toJournal: false);

        Assert.Equal(
            "[ ok ] keys: /etc/keys/mandos holds a key set\n"
            + "[warn] initramfs: not checked (fix: run without --initramfs=)\n"
            + "[FAIL] server: no \"server\" answered (fix: start one)\n"
            + "mandos-keygen: a reboot now would NOT unlock this machine (1 check failed)\n",
            output.ToString());
    }

    [Fact]
    public void ForTheJournalTroubleIsAWarningAndTheRestInformation()
    {
        var output = new StringWriter { NewLine = "\n" };

        TextReport.Write(Failing, output, toJournal: true);

        string[] lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(["<6>", "<4>", "<4>", "<4>"], lines.Select(l => l[..3]));
    }

    [Fact]
    public void NoControlCharacterOrLineBreakReachesTheOutput()
    {
        var output = new StringWriter { NewLine = "\n" };

        TextReport.Write(new PreflightReport([CheckResult.Failed("device", "x\u001b]0;TITLE\u0007\n<0>injected", "fix\r\n<0>me")]), output, toJournal: true);

        string[] lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain(lines, l => l.Any(char.IsControl));
        Assert.StartsWith("<4>[FAIL] device: x?]0;TITLE??<0>injected (fix: fix??<0>me)", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void InvisibleCharactersThatReorderOrBreakALineAreShown()
    {
        Assert.Equal("a?b?c?d?e", PrintableText.Of("a\u202Eb\u2066c\u2028d\u2029e"));
        Assert.Equal("plain text, ünïcode", PrintableText.Of("plain text, ünïcode"));
    }

    [Fact]
    public void AllGoodSaysSo()
    {
        var output = new StringWriter { NewLine = "\n" };

        TextReport.Write(new PreflightReport([CheckResult.Ok("keys", "fine"), CheckResult.Warning("initramfs", "not checked")]), output, toJournal: true);

        Assert.EndsWith("<6>mandos-keygen: a reboot now would unlock this machine\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonHasTheVerdictAndEveryCheck()
    {
        using JsonDocument json = JsonDocument.Parse(JsonReport.Format(Failing));

        Assert.False(json.RootElement.GetProperty("unlocks").GetBoolean());
        JsonElement[] checks = [.. json.RootElement.GetProperty("checks").EnumerateArray()];
        Assert.Equal(["ok", "warning", "failed"], checks.Select(c => c.GetProperty("status").GetString()));
        Assert.Equal("no \"server\" answered", checks[2].GetProperty("message").GetString());
        Assert.Equal("start one", checks[2].GetProperty("fix").GetString());
        Assert.False(checks[0].TryGetProperty("fix", out _));
    }
}
