using System.Text;
using Mandos.Keygen.Preflight.Network;

namespace Mandos.Keygen.Tests.Preflight.Network;

/// <summary>The probe's lines to the root side, and the root side's reading of all it wrote.</summary>
[Lane(Lane.Unit)]
public sealed class ProbeReportTests
{
    [Fact]
    public void ALineReadsBackAsWritten()
    {
        var report = new ProbeReport("192.0.2.1:7000", ProbeOutcome.Refused, "it sent nothing");

        Assert.Equal(report, ProbeReport.Parse(report.Format()));
        Assert.Equal(new ProbeReport(null, null, "no server"), ProbeReport.Parse(new ProbeReport(null, null, "no server").Format()));
    }

    [Fact]
    public void ControlCharactersNeverReachTheRootSidesOutput()
    {
        string line = new ProbeReport("::1:7", ProbeOutcome.Unreachable, "alert \u001b]0;owned\u0007\ttab\nnew").Format();

        Assert.DoesNotContain('\n', line);
        ProbeReport parsed = ProbeReport.Parse(line)!;
        Assert.DoesNotContain(parsed.Detail, char.IsControl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("server\t1.2.3.4:5\tExploded\tdetail")]
    [InlineData("server\t1.2.3.4:5\t99\tdetail")]
    [InlineData("server\t1.2.3.4:5")]
    [InlineData("secret\t5")]
    public void AnythingElseIsNoReport(string line) => Assert.Null(ProbeReport.Parse(line));

    [Fact]
    public void TheSecretFollowsTheReportsWithItsExactLength()
    {
        byte[] output = Encoding.UTF8.GetBytes("server\t127.0.0.1:1\tUnreachable\trefused\nserver\t127.0.0.1:2\tSecret\t9 bytes\nsecret\t6\npa\nss\n");

        using ProbeResult result = ProbeRunner.Parse(output, 0);

        Assert.Equal(2, result.Reports.Count);
        Assert.Equal("pa\nss\n"u8.ToArray(), result.Secret);
    }

    [Theory]
    [InlineData("secret\t7\npa\nss\n", 0)]
    [InlineData("secret\t5\npa\nss\n", 0)]
    [InlineData("secret\t6\npa\nss\n", 1)]
    [InlineData("secret\t-6\npa\nss\n", 0)]
    public void ASecretOfAnotherLengthOrFromAFailedProbeIsNotBelieved(string tail, int status)
    {
        using ProbeResult result = ProbeRunner.Parse(Encoding.UTF8.GetBytes("server\t127.0.0.1:2\tSecret\tx\n" + tail), status);

        Assert.Null(result.Secret);
        Assert.Contains(result.Reports, r => r.Server is null && r.Detail.Contains("incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyLinesThatNameAServerByAddressAndNoMoreThanItMayAskAreBelieved()
    {
        string lines = "server\tsee mandos-ctl --remove-everything\tRefused\tx\n"
            + string.Concat(Enumerable.Range(1, 20).Select(i => $"server\t127.0.0.1:{i}\tUnreachable\trefused\n"));

        using ProbeResult result = ProbeRunner.Parse(Encoding.UTF8.GetBytes(lines), 0);

        Assert.Equal(ProbeSide.MaxServers + 1, result.Reports.Count);
        Assert.All(result.Reports, r => Assert.StartsWith("127.0.0.1:", r.Server, StringComparison.Ordinal));
    }

    [Fact]
    public void ALongDetailIsCut()
    {
        ProbeReport parsed = ProbeReport.Parse(new ProbeReport("127.0.0.1:1", ProbeOutcome.Unreachable, new string('x', 5000)).Format())!;

        Assert.InRange(parsed.Detail.Length, 1, 300);
    }

    [Fact]
    public void AProbeThatDiedSilentlyIsReported()
    {
        using ProbeResult result = ProbeRunner.Parse([], 128 + 9);

        ProbeReport report = Assert.Single(result.Reports);
        Assert.Contains("killed by signal 9", report.Detail, StringComparison.Ordinal);
    }
}
