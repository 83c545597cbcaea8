namespace Mandos.Ctl.Commands;

/// <summary>--is-enabled: the exit status says whether the (one) selected client is enabled; nothing is printed.</summary>
internal sealed class EnabledQuery : ClientCommand
{
    public override Task<int?> RunAsync(CommandContext context) =>
        Task.FromResult<int?>(context.Clients.Count > 0 && context.Clients[0].Enabled ? 0 : 1);
}
