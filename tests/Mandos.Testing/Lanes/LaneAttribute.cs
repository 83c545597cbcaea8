using Xunit.Sdk;

namespace Mandos.Testing;

/// <summary>
/// Puts a test class (or, in a class whose tests differ, a test method) in a <see cref="Lane"/>:
/// the trait Lane=&lt;name&gt; that `--filter` selects on, and what the lane-aware framework checks
/// before it runs the test.
/// </summary>
[TraitDiscoverer("Mandos.Testing.LaneTraitDiscoverer", "Mandos.Testing")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class LaneAttribute(Lane lane) : Attribute, ITraitAttribute
{
    public Lane Lane { get; } = lane;
}
