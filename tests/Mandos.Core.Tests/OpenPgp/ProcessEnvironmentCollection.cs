using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Tests that change process-wide state run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
