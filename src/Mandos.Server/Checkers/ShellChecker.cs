using System.ComponentModel;
using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Server.Checkers;

/// <summary>
/// A running <c>/bin/sh -c COMMAND</c> that leads its own process group. Its exit is reported by
/// <see cref="ChildExitWatcher"/> and it is always reaped here, so it never stays a zombie.
/// A signal is only ever sent to the group while the shell is not yet reaped: until then its pid,
/// and so the group id, cannot have been given to another process.
/// </summary>
internal sealed class ShellChecker : IRunningChecker
{
    private const int NoHang = 1;               // WNOHANG
    private const int WaitExited = 4;           // WEXITED
    private const int NoWait = 0x01000000;      // WNOWAIT
    private const int ByPid = 1;                // P_PID
    private const int SignalInfoSize = 128;     // siginfo_t

    private readonly Lock _lock = new();
    private readonly TimeSpan _killGrace;
    private readonly TaskCompletionSource<CheckerResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _exited;   // the shell has exited but is kept as a zombie until the grace ends
    private bool _reaped;
    private bool _stopping;
    private bool _graceOver;

    public ShellChecker(int pid, TimeSpan killGrace)
    {
        ProcessId = pid;
        _killGrace = killGrace;
    }

    public int ProcessId { get; }

    public Task<CheckerResult> Completion => _done.Task;

    /// <summary>Has <paramref name="watcher"/> report the shell's exit; kills and reaps it if that fails.</summary>
    public void WatchExit(ChildExitWatcher watcher)
    {
        try
        {
            watcher.Watch(ProcessId, OnExited);
        }
        catch (Win32Exception)
        {
            // Unwatched, the shell would end as a zombie: end it now (SIGKILL cannot be ignored).
            lock (_lock)
            {
                SignalGroup(SignalNumber.Kill);
                _ = Libc.WaitPid(ProcessId, out _, 0);
                _reaped = true;
            }
            throw;
        }
    }

    public void Kill()
    {
        lock (_lock)
        {
            if (_stopping || _reaped)
            {
                return;
            }
            _stopping = true;
            SignalGroup(SignalNumber.Terminate);
        }
        _ = Task.Delay(_killGrace).ContinueWith(_ => EndGrace(), TaskScheduler.Default);
    }

    /// <summary>Called by the watcher once the shell has exited; false if it had not.</summary>
    public bool OnExited()
    {
        lock (_lock)
        {
            if (_stopping && !_graceOver)
            {
                // Keep the zombie: the rest of the group may still need its SIGKILL.
                _exited = HasExited();
                return _exited;
            }
            return Reap();
        }
    }

    /// <summary>Kills what SIGTERM left of the group, then reaps the shell if it has already exited.</summary>
    private void EndGrace()
    {
        lock (_lock)
        {
            _graceOver = true;
            SignalGroup(SignalNumber.Kill);
            if (_exited)
            {
                _ = Reap(); // a zombie: this cannot fail
            }
        }
    }

    /// <summary>Reaps the shell if it has exited (never blocks) and publishes how it ended.</summary>
    private bool Reap()
    {
        if (_reaped)
        {
            return true;
        }
        int result;
        int status;
        do
        {
            result = Libc.WaitPid(ProcessId, out status, NoHang);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == Errno.Interrupted);
        if (result == 0)
        {
            return false; // still running
        }
        _reaped = true;
        _done.TrySetResult(result == ProcessId ? CheckerResult.FromWaitStatus(status) : CheckerResult.Lost);
        return true;
    }

    /// <summary>Whether the shell has exited, leaving it waitable (WNOWAIT).</summary>
    private unsafe bool HasExited()
    {
        // si_signo, at offset 0 on every architecture, stays 0 when no child has exited.
        byte* info = stackalloc byte[SignalInfoSize];
        new Span<byte>(info, SignalInfoSize).Clear();
        return Libc.WaitId(ByPid, ProcessId, info, WaitExited | NoHang | NoWait) < 0 || *(int*)info != 0;
    }

    private void SignalGroup(int signal)
    {
        if (!_reaped)
        {
            _ = Libc.Kill(-ProcessId, signal); // ESRCH once the whole group is gone: nothing left to do
        }
    }
}
