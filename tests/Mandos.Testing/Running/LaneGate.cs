using Xunit.Abstractions;

namespace Mandos.Testing.Running;

/// <summary>Reads a test case's lane from its Lane trait and tells whether this machine can run it.</summary>
public static class LaneGate
{
    /// <summary>Why <paramref name="testCase"/> cannot run here, or null when it can.</summary>
    public static string? Missing(ITestCase testCase)
    {
        if (!testCase.Traits.TryGetValue(LaneTraitDiscoverer.TraitName, out List<string>? lanes) || lanes.Count != 1)
        {
            return $"{testCase.DisplayName} has no single Lane: give its class (or it) a [Lane(...)]";
        }
        return Enum.TryParse(lanes[0], out Lane lane) ? LanePrerequisites.Missing(lane) : $"unknown lane {lanes[0]}";
    }

    public static bool CanRun(ITestCase testCase) => Missing(testCase) is null;
}
