namespace Mandos.Integration.Tests.Security;

/// <summary>The tests that share one <see cref="InstalledLayouts"/> (building the packages takes a while).</summary>
[CollectionDefinition(Name)]
public sealed class InstalledLayoutsCollection : ICollectionFixture<InstalledLayouts>
{
    public const string Name = "installed layouts";
}
