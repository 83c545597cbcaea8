using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Network;
using Mandos.Keygen.Preflight.Servers;

namespace Mandos.Keygen.Tests.Preflight.Servers;

/// <summary>The server and secret lines made of what the probe found.</summary>
[Lane(Lane.Unit)]
public sealed class ServerCheckTests
{
    private const string KeyId = "60605773c8088f5747b1ae51a7ba3fba133218b94e036ed1464914cd7fcfb4ba";
    private static readonly BootServerSearch Mdns = new(null, ["eth0"], "no fixed server: the client's default");

    private static List<CheckResult> Describe(byte[]? secret, params ProbeReport[] reports)
    {
        using var probe = new ProbeResult(reports, secret);
        return ServerCheck.Describe(Mdns, probe, KeyId, "/etc/keys/mandos");
    }

    [Fact]
    public void ARefusalNamesTheKeyIdAndTheThreeCauses()
    {
        List<CheckResult> lines = Describe(null, new ProbeReport("192.0.2.1:7000", ProbeOutcome.Refused, "it sent nothing"));

        Assert.Equal([("server", CheckStatus.Ok), ("secret", CheckStatus.Failed)], lines.Select(l => (l.Check, l.Status)));
        Assert.Contains(KeyId, lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("does not know that key_id", lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("disabled", lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("approval was denied", lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("mandos-ctl --enable", lines[1].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherServersTroublesAreWarningsWhenOneGaveTheSecret()
    {
        List<CheckResult> lines = Describe([1, 2, 3],
            new ProbeReport("192.0.2.1:7000", ProbeOutcome.Unreachable, "Connection refused"),
            new ProbeReport("192.0.2.2:7000", ProbeOutcome.Secret, "1191 bytes of encrypted data"));

        Assert.Equal([("server", CheckStatus.Warning), ("server", CheckStatus.Ok), ("secret", CheckStatus.Ok)], lines.Select(l => (l.Check, l.Status)));
    }

    [Fact]
    public void NoServerFoundFailsBothLinesAndSuggestsConnect()
    {
        List<CheckResult> lines = Describe(null, new ProbeReport(null, null, "no Mandos server answered mDNS queries on eth0 within 30 s"));

        Assert.Equal([("server", CheckStatus.Failed), ("secret", CheckStatus.Failed)], lines.Select(l => (l.Check, l.Status)));
        Assert.Contains("mDNS on eth0", lines[0].Message, StringComparison.Ordinal);
        Assert.Contains("mandos=connect:ADDRESS:PORT", lines[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecretClaimedWithoutTheSecretIsNoSuccess()
    {
        List<CheckResult> lines = Describe(null, new ProbeReport("192.0.2.1:7000", ProbeOutcome.Secret, "9 bytes"));

        Assert.DoesNotContain(lines, l => l.Check == "secret" && l.Status == CheckStatus.Ok);
        Assert.Contains(lines, l => l.Check == "secret" && l.Status == CheckStatus.Failed);
    }

    [Fact]
    public void ASilentServerMayBeWaitingForApproval()
    {
        List<CheckResult> lines = Describe(null, new ProbeReport("192.0.2.1:7000", ProbeOutcome.Silent, "did not finish within 30 s"));

        Assert.Contains("approve", lines[1].Message, StringComparison.Ordinal);
        Assert.Contains("mandos-ctl --approve", lines[1].Fix, StringComparison.Ordinal);
    }
}
