using System.Diagnostics;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Vm;

/// <summary>
/// A boot of the test VM left running (tools/e2e-vm/run.sh in the background), for a boot that
/// must not unlock: its guest waits for a typed passphrase and never powers off. The test waits
/// for the console to show what proves the refusal, then stops the VM; how fast the machine
/// boots it changes only how long that takes.
/// </summary>
public sealed class BootingVm : IAsyncDisposable
{
    private readonly BackgroundProcess _run;
    private readonly string _serialLog;
    private readonly FileSystemWatcher _watcher;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TaskCompletionSource _consoleChanged = NewEvent();

    private BootingVm(string work, string append, Dictionary<string, string> network)
    {
        _serialLog = VmBoot.NewSerialLog(work);
        // Watching before QEMU starts: each write to the console is an event, none is missed.
        _watcher = new FileSystemWatcher(work, Path.GetFileName(_serialLog))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => ConsoleChanged();
        _watcher.Created += (_, _) => ConsoleChanged();
        _watcher.Error += (_, _) => ConsoleChanged();
        _watcher.EnableRaisingEvents = true;
        _run = ProcessRunner.Start("bash", [VmImage.Script("run.sh")], VmBoot.RunEnvironment(work, append, _serialLog, network));
    }

    internal static BootingVm Start(string work, string append, Dictionary<string, string> network) => new(work, append, network);

    /// <summary>The guest's console so far.</summary>
    public string Console
    {
        get
        {
            try
            {
                using var stream = new FileStream(_serialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return new StreamReader(stream).ReadToEnd().Replace("\r", "");
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>
    /// Waits, write by write, until the console shows <paramref name="text"/>; fails at once when
    /// the boot ends without it. run.sh's TIMEOUT (<see cref="VmBoot.HangBound"/>) bounds a hang:
    /// it stops QEMU and so ends the wait.
    /// </summary>
    public async Task WaitForConsoleAsync(string text)
    {
        using var guard = new CancellationTokenSource(VmBoot.HangBound + TimeSpan.FromMinutes(1));
        while (true)
        {
            Task changed = NextConsoleChangeAsync();
            if (Console.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
            if (_run.HasExited)
            {
                throw new InvalidOperationException($"the boot ended without \"{text}\" on the console:\n{Report()}");
            }
            try
            {
                await Task.WhenAny(changed, _run.Exited).WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"run.sh still running after its hang bound of {VmBoot.HangBound.TotalMinutes:F0} min, no \"{text}\" on the console:\n{Report()}");
            }
        }
    }

    /// <summary>Stops QEMU (SIGTERM to run.sh, which passes it on and exits once QEMU has ended); the boot as it was.</summary>
    public async Task<VmBoot> StopAsync()
    {
        _run.Terminate();
        int exitCode = await _run.WaitForExitAsync();
        _clock.Stop();
        return await VmBoot.EndedAsync(exitCode, _serialLog, _run.Output, _clock.Elapsed);
    }

    private string Report() => $"--- run.sh\n{_run.Output}\n--- console\n{Console}";

    private Task NextConsoleChangeAsync()
    {
        lock (_gate)
        {
            return _consoleChanged.Task;
        }
    }

    private void ConsoleChanged()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _consoleChanged;
            _consoleChanged = NewEvent();
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewEvent() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A boot the test did not stop (it failed first) is stopped here, QEMU with it.</summary>
    public async ValueTask DisposeAsync()
    {
        _watcher.Dispose();
        try
        {
            if (!_run.HasExited)
            {
                _run.Terminate();
                await _run.WaitForExitAsync();
            }
        }
        finally
        {
            // run.sh gone, or killed with its whole tree (QEMU with it) if it did not stop
            await _run.DisposeAsync();
            File.Delete(_serialLog);
        }
    }
}
