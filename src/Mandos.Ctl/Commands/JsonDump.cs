using Mandos.Ctl.Output;

namespace Mandos.Ctl.Commands;

/// <summary>--dump-json: the selected clients' fields as JSON.</summary>
internal sealed class JsonDump : ClientCommand
{
    public override bool IsAction => false;

    public override Task<int?> RunAsync(CommandContext context)
    {
        context.Output.Write(JsonText.Format(context.Clients));
        return Task.FromResult<int?>(null);
    }
}
