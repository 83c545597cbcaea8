namespace Mandos.PluginRunner.Plugins;

/// <summary>A plugin that has exited and whose stdout reached end of file: its exit status and everything it wrote.</summary>
public sealed record PluginOutcome(RunningPlugin Plugin, int ExitStatus, byte[] Output, int Length)
{
    public bool Succeeded => ExitStatus == 0;
}
