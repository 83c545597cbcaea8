using Xunit;

namespace Mandos.Testing;

/// <summary>
/// Compiled into every test project (Lanes.props): fails when a test of that project has no lane,
/// or two, so `--filter Lane=...` runs always add up to the whole suite.
/// </summary>
[Lane(Lane.Unit)]
public sealed class EveryTestHasALaneTests
{
    [Fact]
    public void EveryTestMethodCarriesExactlyOneLane() =>
        Assert.Empty(LaneCoverage.MethodsWithoutExactlyOneLane(typeof(EveryTestHasALaneTests).Assembly));
}
