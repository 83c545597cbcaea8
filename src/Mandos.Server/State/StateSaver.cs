using Mandos.Core.Logging;

namespace Mandos.Server.State;

/// <summary>
/// Saves the server's state on every change, before the change's caller goes on, so a
/// <c>kill -9</c> right after (say) a client was disabled cannot bring it back enabled.
/// Concurrent requests share one write: each caller returns once a save that began after its
/// request has reached the disk.
/// </summary>
public sealed class StateSaver(StateFile file, Func<IReadOnlyList<ClientState>> clients, Func<IReadOnlyList<RemovedClient>> removed, Log log)
{
    private readonly Lock _writing = new();
    private long _requested;
    private long _saved;
    private bool _failing;

    /// <summary>While false (during start-up), requests are counted but nothing is written.</summary>
    public bool Active { get; set; }

    public void SaveNow()
    {
        long mine = Interlocked.Increment(ref _requested);
        if (!Active)
        {
            return;
        }
        lock (_writing)
        {
            if (Volatile.Read(ref _saved) >= mine)
            {
                return; // someone else's save started after our change and covered it
            }
            long covering = Volatile.Read(ref _requested);
            Write();
            Volatile.Write(ref _saved, covering);
        }
    }

    private void Write()
    {
        try
        {
            file.Save(clients(), removed());
            if (_failing)
            {
                log.Warning($"Saving state to {file.FilePath} works again");
                _failing = false;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Serving goes on; the in-memory state is intact. Say it once, not on every change.
            if (!_failing)
            {
                log.Error($"Could not save state to {file.FilePath}: {e.Message}");
                _failing = true;
            }
        }
    }
}
