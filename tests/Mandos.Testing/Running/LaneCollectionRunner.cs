using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing.Running;

/// <summary>
/// A collection runner that builds the collection's fixtures (key sets, VM images, installed
/// layouts) only when at least one of its test cases can run here: a collection whose lanes are
/// all missing reports its tests skipped (or failed under CI) without paying for fixtures.
/// </summary>
public sealed class LaneCollectionRunner(ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
    IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    : XunitTestCollectionRunner(testCollection, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource)
{
    protected override async Task AfterTestCollectionStartingAsync()
    {
        if (TestCases.Any(LaneGate.CanRun))
        {
            await base.AfterTestCollectionStartingAsync();
        }
        else
        {
            TestCaseOrderer = GetTestCaseOrderer() ?? TestCaseOrderer;
        }
    }

    protected override Task<RunSummary> RunTestClassAsync(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases) =>
        new LaneClassRunner(testClass, @class, testCases, DiagnosticMessageSink, MessageBus, TestCaseOrderer,
            new ExceptionAggregator(Aggregator), CancellationTokenSource, CollectionFixtureMappings).RunAsync();
}
