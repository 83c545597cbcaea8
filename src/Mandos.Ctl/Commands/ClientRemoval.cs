namespace Mandos.Ctl.Commands;

/// <summary>--remove: the server forgets every selected client.</summary>
internal sealed class ClientRemoval : ClientCommand
{
    public override async Task<int?> RunAsync(CommandContext context)
    {
        foreach (var client in context.Clients.DistinctBy(c => c.Path))
        {
            await context.Server.RemoveClientAsync(client);
        }
        return null;
    }
}
