using System.Diagnostics;
using Mandos.Core.CommandLine;
using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Ctl.Cli;
using Mandos.Ctl.Commands;
using Mandos.Ctl.Output;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Checks;

/// <summary>
/// --check: the built-in checks of the parsers and formatters (upstream runs its unit tests).
/// Prints a summary to standard error; exit 0 when all pass, 1 otherwise.
/// </summary>
internal static class BuiltInChecks
{
    public static int Run(TextWriter report)
    {
        var watch = Stopwatch.StartNew();
        var failures = new List<string>();
        var checks = Checks().ToList();
        foreach ((string name, Func<bool> check) in checks)
        {
            bool passed;
            try
            {
                passed = check();
            }
            catch (Exception e)
            {
                report.WriteLine($"ERROR: {name}: {e.GetType().Name}: {ErrorText.Of(e)}");
                passed = false;
            }
            if (!passed)
            {
                failures.Add(name);
                report.WriteLine($"FAIL: {name}");
            }
        }
        report.WriteLine($"Ran {checks.Count} checks in {watch.Elapsed.TotalSeconds:0.000}s");
        report.WriteLine();
        report.WriteLine(failures.Count == 0 ? "OK" : $"FAILED (failures={failures.Count})");
        return failures.Count == 0 ? 0 : 1;
    }

    private static IEnumerable<(string Name, Func<bool> Check)> Checks()
    {
        foreach ((string text, ulong ms) in new (string, ulong)[]
                 {
                     ("P7D", 604_800_000), ("PT60S", 60_000), ("PT60M", 3_600_000), ("P60M", 1680UL * 86_400_000),
                     ("PT24H", 86_400_000), ("P1W", 604_800_000), ("PT5M30S", 330_000), ("P1DT3M20S", 86_600_000),
                     ("7d", 604_800_000), ("60s", 60_000), ("5m 30s", 330_000), ("", 0), ("2dxy7zz11y3m5m", 173_280_018),
                     ("5", 5), ("PT1S2M", 3), ("P1D2W", 3), ("PT5M\n", 300_000), ("1.5s", 5_001),
                 })
        {
            yield return ($"TIME {PythonRepr.Of(text)} is {ms} ms", () => ParseTime(text) == ms);
        }
        foreach ((Int128 ms, string shown) in new (Int128, string)[]
                 {
                     (0, "00:00:00"), (1000, "00:00:01"), (300_000, "00:05:00"), (93_785_000, "1T02:03:05"), (999, "00:00:00"),
                 })
        {
            yield return ($"{ms} ms shows as {shown}", () => DurationText.FromMilliseconds(ms) == shown);
        }
        yield return ("JSON escapes like Python", () => JsonText.Quote("a\"\\\n\u00e9\u2603\U0001F600\u007f") ==
            "\"a\\\"\\\\\\n\\u00e9\\u2603\\ud83d\\ude00\\u007f\"");
        yield return ("table pads every column, the last one too", () => TableText.Format([SampleClient("foo")], verbose: false) ==
            "Name Enabled Timeout  Last Successful Check\nfoo  Yes     00:05:00 2019-02-03T00:00:00  \n");
        yield return ("table counts an emoji as one character", () => TableText.Format([SampleClient("\U0001F600")], verbose: false)
            .StartsWith("Name Enabled", StringComparison.Ordinal));
        yield return ("repr quotes like Python", () => PythonRepr.Of("it's") == "\"it's\"" && PythonRepr.Of("a\tb") == "'a\\tb'");
        foreach (string[] refused in new[]
                 {
                     new[] { "--enable" }, new[] { "--all" }, new[] { "-v", "-e", "x" }, new[] { "-j", "-v" }, new[] { "-j", "-e", "x" },
                     new[] { "-V", "a", "b" }, new[] { "-r", "-e", "x" }, new[] { "-e", "-d", "x" }, new[] { "-A", "-D", "x" },
                     new[] { "--ver" }, new[] { "-t" }, new[] { "a", "-e", "b" }, new[] { "--bogus" },
                 })
        {
            yield return ($"refused: {string.Join(' ', refused)}", () => Refused(refused));
        }
        yield return ("--deny runs before --remove", () => CtlCommandLine.Parse(["-r", "-D", "x"], _ => { }).Commands is
            [ApprovalAnswer { Approve: false }, ClientRemoval]);
        yield return ("no command shows the table", () => CtlCommandLine.Parse(["x"], _ => { }).Commands is [ClientTable]);
    }

    private static ulong ParseTime(string text) => TimeArgument.ParseMilliseconds(text, CtlOptions.Timeout, _ => { });

    private static bool Refused(string[] args)
    {
        try
        {
            CtlCommandLine.Parse(args, _ => { });
            return false;
        }
        catch (UsageException)
        {
            return true;
        }
    }

    private static ClientObject SampleClient(string name) => new("/clients/sample", new Dictionary<string, VariantValue>
    {
        ["Name"] = name,
        ["Enabled"] = true,
        ["Timeout"] = 300_000UL,
        ["LastCheckedOK"] = "2019-02-03T00:00:00",
    });
}
