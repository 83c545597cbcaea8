using Mandos.Ctl.Output;

namespace Mandos.Ctl.Commands;

/// <summary>The table of the selected clients, what mandos-ctl does when given no command.</summary>
internal sealed class ClientTable(bool verbose) : ClientCommand
{
    public bool Verbose { get; } = verbose;

    public override bool IsAction => false;

    public override Task<int?> RunAsync(CommandContext context)
    {
        context.Output.Write(TableText.Format(context.Clients, Verbose));
        return Task.FromResult<int?>(null);
    }
}
