using Mandos.Server.State;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

/// <summary>
/// The child process of <see cref="StateFileKillTests"/>: saves generation after generation of
/// the same clients until it is killed. Every client of one generation carries the generation
/// in its host, so a file mixing two saves is detectable.
/// </summary>
internal static class StateSaveLoop
{
    public const string DirectoryVariable = "MANDOS_TEST_STATE_SAVE_LOOP";
    public const int ClientCount = 500;

    public static void Run(string directory)
    {
        var file = new StateFile(directory);
        var template = Enumerable.Range(0, ClientCount).Select(i => EveryFieldSet($"client-{i}")).ToArray();
        for (long generation = 0; ; generation++)
        {
            string host = $"generation-{generation}";
            file.Save(Array.ConvertAll(template, c => c.WithSettings(s => s with { Host = host })), []);
            if (generation == 0)
            {
                Console.Out.WriteLine("saved");
                Console.Out.Flush();
            }
        }
    }
}
