using Mandos.Core.Interop;
using Mandos.Core.Posix;

namespace Mandos.Plugins.Common;

/// <summary>
/// The helper that asks for the password (plymouth ask-for-password, splashy_update): started
/// by the main thread, killed by the quit handler on the signal thread, whichever comes first.
/// A quit before the start means it is never started.
/// </summary>
public sealed class QuestionChild
{
    private readonly Lock _lock = new();
    private int _pid;
    private bool _withdrawn;

    /// <summary>Starts it with our stdout; false when it was withdrawn before it started.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">It could not start.</exception>
    public bool Start(string path, params string[] args)
    {
        lock (_lock)
        {
            if (_withdrawn)
            {
                return false;
            }
            _pid = ExternalCommand.Start(path, args);
            return true;
        }
    }

    /// <summary>SIGTERM to it if it runs, and no start after this.</summary>
    public void Withdraw()
    {
        lock (_lock)
        {
            _withdrawn = true;
            if (_pid > 0)
            {
                _ = ChildStatus.Signal(_pid, SignalNumber.Terminate);
            }
        }
    }

    /// <summary>Waits for it to exit (after a successful <see cref="Start"/>); its exit status.</summary>
    public int Wait() => ChildStatus.Wait(_pid);
}
