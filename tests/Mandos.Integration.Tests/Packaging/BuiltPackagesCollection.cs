namespace Mandos.Integration.Tests.Packaging;

/// <summary>The tests that share one <see cref="BuiltPackages"/> (building the packages takes a while).</summary>
[CollectionDefinition(Name)]
public sealed class BuiltPackagesCollection : ICollectionFixture<BuiltPackages>
{
    public const string Name = "built packages";
}
