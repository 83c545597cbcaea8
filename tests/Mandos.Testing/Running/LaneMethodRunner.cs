using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mandos.Testing.Running;

/// <summary>
/// A method runner that runs each test case whose lane this machine has, and reports the others
/// without running them: skipped with the missing prerequisite as the reason, or, under CI=true,
/// failed with it. A refused test is never constructed, so it gets no constructor arguments.
/// </summary>
public sealed class LaneMethodRunner(ITestMethod testMethod, IReflectionTypeInfo @class, IReflectionMethodInfo method,
    IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageBus messageBus, ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource, object[] constructorArguments)
    : XunitTestMethodRunner(testMethod, @class, method, testCases, diagnosticMessageSink, messageBus, aggregator,
        cancellationTokenSource, constructorArguments)
{
    protected override Task<RunSummary> RunTestCaseAsync(IXunitTestCase testCase)
    {
        string? missing = LaneGate.Missing(testCase);
        if (missing is null)
        {
            return base.RunTestCaseAsync(testCase);
        }
        var refusal = new ExceptionAggregator();
        string? skipReason = missing;
        if (LanePrerequisites.FailInsteadOfSkip)
        {
            refusal.Add(new LanePrerequisiteMissingException(missing));
            skipReason = null;
        }
        return new XunitTestCaseRunner(testCase, testCase.DisplayName, skipReason, [], testCase.TestMethodArguments,
            MessageBus, refusal, CancellationTokenSource).RunAsync();
    }
}
