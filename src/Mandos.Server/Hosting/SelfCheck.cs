using Mandos.Core.Config;
using Mandos.Core.Errors;
using Mandos.Core.Protocol;
using Mandos.Server.Config;

namespace Mandos.Server.Hosting;

/// <summary>
/// <c>mandos --check</c>: upstream runs its own test suite; we check what a broken install
/// would break — duration parsing, and a full TLS exchange with ourselves over loopback.
/// </summary>
public static class SelfCheck
{
    public static int Run(TextWriter output)
    {
        var checks = new (string Name, Action Check)[]
        {
            ("durations", CheckDurations),
            ("TLS raw-public-key exchange over loopback", () => LoopbackSelfTest.RunAsync(CancellationToken.None).GetAwaiter().GetResult()),
        };
        int failures = 0;
        foreach ((string name, Action check) in checks)
        {
            try
            {
                check();
                output.WriteLine($"ok: {name}");
            }
            catch (Exception e)
            {
                failures++;
                output.WriteLine($"FAILED: {name}: {ErrorText.Of(e)}");
            }
        }
        output.WriteLine(failures == 0 ? "All self-checks passed" : $"{failures} self-check(s) failed");
        return failures == 0 ? 0 : 1;
    }

    private static void CheckDurations()
    {
        Expect(DurationParser.Parse("PT5M") == TimeSpan.FromMinutes(5), "PT5M");
        Expect(DurationParser.Parse("P1W") == TimeSpan.FromDays(7), "P1W");
        Expect(DurationParser.Parse("1d 2h") == TimeSpan.FromHours(26), "1d 2h");
        Expect(!DurationParser.TryParse("P1YT1H", out _), "P1YT1H must be refused");
    }

    private static void Expect(bool ok, string what)
    {
        if (!ok)
        {
            throw new SelfCheckException($"wrong result for {what}");
        }
    }
}
