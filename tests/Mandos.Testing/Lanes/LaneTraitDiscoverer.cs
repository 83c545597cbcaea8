using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing;

/// <summary>Turns a <see cref="LaneAttribute"/> into the trait Lane=&lt;name&gt; that test filters and the runner read.</summary>
public sealed class LaneTraitDiscoverer : ITraitDiscoverer
{
    public const string TraitName = "Lane";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new KeyValuePair<string, string>(TraitName, traitAttribute.GetNamedArgument<Lane>(nameof(LaneAttribute.Lane)).ToString());
    }
}
