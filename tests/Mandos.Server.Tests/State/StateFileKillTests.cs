using System.Diagnostics;
using System.Runtime.InteropServices;
using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;
using Xunit.Abstractions;

namespace Mandos.Server.Tests.State;

/// <summary>
/// A process saving in a loop is SIGKILLed at random moments; the file it leaves must always be
/// one whole save: it parses, holds every client, and all of them from the same generation.
/// </summary>
[Lane(Lane.Loopback)]
[Collection(Collection)]
public sealed class StateFileKillTests(ITestOutputHelper output)
{
    public const string Collection = "State file timing";
    private const int Workers = 5;
    private const int KillsPerWorker = 10;

    [Fact]
    public async Task FileIsAlwaysOneWholeSaveWhenTheSavingProcessIsKilled()
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(seed => Task.Run(() => KillRepeatedly(seed))));

        output.WriteLine($"{Workers * KillsPerWorker} kills, {results.Sum()} of them left a temporary file behind");
    }

    private static async Task<int> KillRepeatedly(int seed)
    {
        var random = new Random(seed);
        using var directory = new TempDir("mandos-state-");
        var file = new StateFile(directory.Path);
        int strayTemps = 0;
        for (int i = 0; i < KillsPerWorker; i++)
        {
            await RunAndKill(directory.Path, TimeSpan.FromMilliseconds(random.Next(0, 25)));
            strayTemps += Directory.GetFiles(directory.Path, StateFile.TempPattern).Length;
            AssertOneWholeSave(file.Load());
        }

        return strayTemps;
    }

    private static async Task RunAndKill(string directory, TimeSpan delay)
    {
        using var child = Process.Start(ChildStart(directory))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            Assert.Equal("saved", await child.StandardOutput.ReadLineAsync(timeout.Token));
            await Task.Delay(delay);
        }
        finally
        {
            child.Kill(); // SIGKILL
            await child.WaitForExitAsync();
        }
    }

    private static ProcessStartInfo ChildStart(string directory)
    {
        string assembly = Path.Combine(AppContext.BaseDirectory, typeof(StateSaveLoop).Assembly.GetName().Name + ".dll");
        // <root>/shared/Microsoft.NETCore.App/<version>/ holds the running runtime; <root>/dotnet is its host.
        string dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "../../.."));
        var start = new ProcessStartInfo(Path.Combine(dotnetRoot, "dotnet"), [assembly]) { RedirectStandardOutput = true };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[StateSaveLoop.DirectoryVariable] = directory;
        return start;
    }

    private static void AssertOneWholeSave(StateLoadResult loaded)
    {
        Assert.Null(loaded.Warning);
        Assert.Equal(StateSaveLoop.ClientCount, loaded.Clients.Count);
        Assert.Single(loaded.Clients.Select(c => c.Settings.Host).Distinct());
    }
}
