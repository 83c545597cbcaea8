using Mandos.Server.Checkers;
using Mandos.Testing.Waiting;

namespace Mandos.Server.Tests.Clients;

/// <summary>A checker launcher whose checkers end when the test says so.</summary>
internal sealed class FakeCheckers : ICheckerLauncher
{
    public List<FakeChecker> Started { get; } = [];

    public FakeChecker Last => Started[^1];

    public IRunningChecker Start(string command)
    {
        var checker = new FakeChecker(command, Started.Count + 1000);
        Started.Add(checker);
        return checker;
    }
}

internal sealed class FakeChecker(string command, int pid) : IRunningChecker
{
    private readonly TaskCompletionSource<CheckerResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Command { get; } = command;

    public int ProcessId { get; } = pid;

    public bool Killed { get; private set; }

    public Task<CheckerResult> Completion => _done.Task;

    public void Kill()
    {
        Killed = true;
        _done.TrySetResult(new CheckerResult(-1, 15));
    }

    /// <summary>Ends the checker and waits until the client has handled it; nothing if it had ended already.</summary>
    public void Exit(int code, Mandos.Server.Clients.ClientRecord client)
    {
        // CheckerCompleted, not StateChanged: the client raises StateChanged for other reasons too
        // (a checker start), and only this one says the exit has been handled.
        var handled = new ManualResetEventSlim();
        void OnCompleted(Mandos.Server.Clients.ClientRecord _, CheckerResult result, string command) => handled.Set();
        client.CheckerCompleted += OnCompleted;
        if (!_done.TrySetResult(new CheckerResult(code, null)))
        {
            client.CheckerCompleted -= OnCompleted;
            return;
        }
        bool seen = handled.Wait(Eventually.Deadline);
        client.CheckerCompleted -= OnCompleted;
        if (!seen)
        {
            throw new TimeoutException($"still waiting for {client.Name} to handle its checker's exit");
        }
    }
}
