using Mandos.Server.Clients;
using Xunit;

namespace Mandos.Server.Tests.Clients;

/// <summary>Upstream's approval rules (docs/compatibility.md, "Approval"), rule by rule, on a fake clock.</summary>
public sealed class ClientApprovalTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

    private static ClientFixture Waiting(bool approvedByDefault = true) =>
        new(s => s with { ApprovalDelay = Delay, ApprovedByDefault = approvedByDefault, ApprovalDuration = TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task NoDelaySendsAtOnceWhateverTheDefault()
    {
        using var f = new ClientFixture(s => s with { ApprovedByDefault = false });
        Assert.Same(ApprovalOutcome.Send, await f.Client.RequestSecretAsync(CancellationToken.None));
    }

    [Fact]
    public async Task NoDelaySendsEvenRightAfterADeny()
    {
        using var f = new ClientFixture();
        f.Client.Approve(false);
        Assert.Same(ApprovalOutcome.Send, await f.Client.RequestSecretAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DisabledClientIsRejected()
    {
        using var f = new ClientFixture(s => s with { Enabled = false });
        string? reason = null;
        f.Client.Rejected += (_, r) => reason = r;
        Assert.Same(ApprovalOutcome.Disabled, await f.Client.RequestSecretAsync(CancellationToken.None));
        Assert.Equal("Disabled", reason);
    }

    [Fact]
    public async Task WaitsThenSendsByDefault()
    {
        using var f = Waiting();
        var needed = new List<(TimeSpan, bool)>();
        f.Client.NeedApproval += (_, d, byDefault) => needed.Add((d, byDefault));
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        Assert.False(request.IsCompleted);
        Assert.Equal(1, f.Client.ApprovalsPending);
        Assert.Equal([(Delay, true)], needed);
        Assert.Equal(f.Now, f.Client.LastApprovalRequest);
        f.Advance(Delay);
        Assert.Same(ApprovalOutcome.Send, await request);
        Assert.Equal(0, f.Client.ApprovalsPending);
    }

    [Fact]
    public async Task WaitsThenTimesOutWhenDeniedByDefault()
    {
        using var f = Waiting(approvedByDefault: false);
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        f.Advance(Delay);
        Assert.Same(ApprovalOutcome.TimedOut, await request);
    }

    [Fact]
    public async Task ApproveReleasesAWaitingConnection()
    {
        using var f = Waiting(approvedByDefault: false);
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        f.Advance(TimeSpan.FromSeconds(5));
        f.Client.Approve(true);
        Assert.Same(ApprovalOutcome.Send, await request);
    }

    [Fact]
    public async Task DenyRejectsAWaitingConnection()
    {
        using var f = Waiting();
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        f.Client.Approve(false);
        Assert.Same(ApprovalOutcome.Denied, await request);
    }

    [Fact]
    public async Task ApprovalBeforeTheRequestCountsWithinApprovalDuration()
    {
        using var f = Waiting(approvedByDefault: false);
        f.Client.Approve(true);
        f.Advance(TimeSpan.FromSeconds(9));
        Assert.Same(ApprovalOutcome.Send, await f.Client.RequestSecretAsync(CancellationToken.None));
        f.Advance(TimeSpan.FromSeconds(1)); // approval_duration over: back to waiting
        Assert.Null(f.Client.Approved);
        Task<ApprovalOutcome> late = f.Client.RequestSecretAsync(CancellationToken.None);
        Assert.False(late.IsCompleted);
        f.Advance(Delay);
        Assert.Same(ApprovalOutcome.TimedOut, await late);
    }

    [Fact]
    public async Task OneApprovalServesEveryConnectionOfTheClient()
    {
        using var f = Waiting(approvedByDefault: false);
        Task<ApprovalOutcome> first = f.Client.RequestSecretAsync(CancellationToken.None);
        Task<ApprovalOutcome> second = f.Client.RequestSecretAsync(CancellationToken.None);
        Assert.Equal(2, f.Client.ApprovalsPending);
        f.Client.Approve(true);
        Assert.Same(ApprovalOutcome.Send, await first);
        Assert.Same(ApprovalOutcome.Send, await second);
        Assert.Equal(0, f.Client.ApprovalsPending);
    }

    [Fact]
    public async Task DisablingWhileWaitingRejectsEvenWhenApprovedByDefault()
    {
        using var f = Waiting(approvedByDefault: true);
        Task<ApprovalOutcome> request = f.Client.RequestSecretAsync(CancellationToken.None);
        f.Client.Disable();
        Assert.Same(ApprovalOutcome.Disabled, await request);
    }

    [Fact]
    public async Task EnableWakesAWaitingConnection()
    {
        using var f = Waiting(approvedByDefault: false);
        f.Client.Approve(true);
        f.Client.Disable();
        Assert.Same(ApprovalOutcome.Disabled, await f.Client.RequestSecretAsync(CancellationToken.None));
        f.Client.Enable();
        Assert.Same(ApprovalOutcome.Send, await f.Client.RequestSecretAsync(CancellationToken.None));
    }
}
