using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing.Running;

/// <summary>xunit's assembly runner (parallelism, collections) handing each collection to a <see cref="LaneCollectionRunner"/>.</summary>
public sealed class LaneAssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection,
        IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource) =>
        new LaneCollectionRunner(testCollection, testCases, DiagnosticMessageSink, messageBus, TestCaseOrderer,
            new ExceptionAggregator(Aggregator), cancellationTokenSource).RunAsync();
}
