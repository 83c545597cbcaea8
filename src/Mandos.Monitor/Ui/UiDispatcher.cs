using System.Collections.Concurrent;
using Terminal.Gui.App;

namespace Mandos.Monitor.Ui;

/// <summary>
/// Runs the D-Bus events on the UI thread in the order they arrived. Terminal.Gui's Invoke queues
/// through its timers, which do not promise that order (an ApprovalPending true handled after the
/// false that followed it would leave a client pending for ever), so the order is kept here.
/// </summary>
public sealed class UiDispatcher(IApplication app)
{
    private readonly ConcurrentQueue<Action> _queue = new();

    public void Post(Action action)
    {
        _queue.Enqueue(action);
        app.Invoke(Drain);
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out Action? action))
        {
            action();
        }
    }
}
