using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Commands;

/// <summary>Sets one property of every selected client (--enable, --timeout, --secret, ...).</summary>
internal sealed class PropertyChange(string property, VariantValue value) : ClientCommand
{
    public string Property { get; } = property;

    public VariantValue Value { get; } = value;

    public override async Task<int?> RunAsync(CommandContext context)
    {
        foreach (var client in context.Clients)
        {
            await context.Server.SetPropertyAsync(client, Property, Value);
        }
        return null;
    }
}
