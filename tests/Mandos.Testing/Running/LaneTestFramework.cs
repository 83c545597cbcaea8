using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing.Running;

/// <summary>
/// xunit's own framework with a lane-aware executor; named by the assembly's TestFramework
/// attribute (Lanes.props). Discovery is xunit's: a test's lane is its Lane trait.
/// </summary>
public sealed class LaneTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new LaneTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
