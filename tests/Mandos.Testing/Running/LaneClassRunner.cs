using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing.Running;

/// <summary>
/// A class runner that builds the class's fixtures and constructor arguments only when at least
/// one of its test cases can run here, and hands each method to a <see cref="LaneMethodRunner"/>.
/// </summary>
public sealed class LaneClassRunner(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink, IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource, IDictionary<Type, object> collectionFixtureMappings)
    : XunitTestClassRunner(testClass, @class, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator,
        cancellationTokenSource, collectionFixtureMappings)
{
    private bool AnyRunnable => TestCases.Any(LaneGate.CanRun);

    protected override Task AfterTestClassStartingAsync() => AnyRunnable ? base.AfterTestClassStartingAsync() : Task.CompletedTask;

    protected override object[] CreateTestClassConstructorArguments() => AnyRunnable ? base.CreateTestClassConstructorArguments() : [];

    protected override Task<RunSummary> RunTestMethodAsync(ITestMethod testMethod, IReflectionMethodInfo method, IEnumerable<IXunitTestCase> testCases,
        object[] constructorArguments) =>
        new LaneMethodRunner(testMethod, Class, method, testCases, DiagnosticMessageSink, MessageBus, new ExceptionAggregator(Aggregator),
            CancellationTokenSource, constructorArguments).RunAsync();
}
