using Mandos.Server.Tests.State;

/// <summary>
/// Lets <see cref="StateFileKillTests"/> run <see cref="StateSaveLoop"/> in a child process of
/// this very assembly: the runtime calls <c>StartupHook.Initialize</c> (a global type, by its
/// contract) in a process started with <c>DOTNET_STARTUP_HOOKS</c> naming this assembly. Without
/// the loop's environment variable it returns at once, and the test program's empty Main ends.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(StateSaveLoop.DirectoryVariable) is { } directory)
        {
            StateSaveLoop.Run(directory);
        }
    }
}
