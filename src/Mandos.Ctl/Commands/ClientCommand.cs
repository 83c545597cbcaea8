namespace Mandos.Ctl.Commands;

/// <summary>One thing mandos-ctl was asked to do, run in command-line order on every selected client.</summary>
internal abstract class ClientCommand
{
    /// <summary>
    /// Whether this is an action (it changes or tests clients, so it needs client names or --all).
    /// --dump-json and the table are not.
    /// </summary>
    public virtual bool IsAction => true;

    /// <summary>Runs the command; an exit code ends mandos-ctl there (--is-enabled), null goes on.</summary>
    public abstract Task<int?> RunAsync(CommandContext context);
}
