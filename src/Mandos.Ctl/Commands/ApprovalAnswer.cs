namespace Mandos.Ctl.Commands;

/// <summary>--approve or --deny: answers any request waiting for approval, on every selected client.</summary>
internal sealed class ApprovalAnswer(bool approve) : ClientCommand
{
    public bool Approve { get; } = approve;

    public override async Task<int?> RunAsync(CommandContext context)
    {
        foreach (var client in context.Clients)
        {
            await context.Server.ApproveAsync(client, Approve);
        }
        return null;
    }
}
