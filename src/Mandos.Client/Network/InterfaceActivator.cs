using Mandos.Core.Errors;
using Mandos.Core.Logging;

namespace Mandos.Client.Network;

/// <summary>
/// Brings interfaces up before the search (in list order, stopping at <c>none</c>) and waits up to
/// <c>--delay</c> for each to be RUNNING; at the end takes down only those it brought up. Root
/// work: runs on the root side of the client.
/// </summary>
public sealed class InterfaceActivator(Log log)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly List<string> _broughtUp = [];

    public IReadOnlyList<string> BroughtUp => _broughtUp;

    public async Task BringUpAsync(IReadOnlyList<string> names, TimeSpan delay, CancellationToken cancel)
    {
        foreach (string name in names)
        {
            if (name == InterfaceSelector.None)
            {
                return;
            }
            try
            {
                InterfaceFlags flags = InterfaceControl.GetFlags(name);
                if (!flags.HasFlag(InterfaceFlags.Up))
                {
                    log.Debug($"Bringing up interface {name}");
                    InterfaceControl.SetUp(name, true);
                    _broughtUp.Add(name);
                }
                await WaitRunningAsync(name, delay, cancel).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                log.Warning($"Could not bring up {ErrorText.Of(e)}");
            }
        }
    }

    private async Task WaitRunningAsync(string name, TimeSpan delay, CancellationToken cancel)
    {
        // Measured on the monotonic clock: any --delay, and a wall clock that steps, are fine.
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!InterfaceControl.GetFlags(name).HasFlag(InterfaceFlags.Running))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) >= delay)
            {
                log.Debug($"Interface {name} is not running after {delay.TotalSeconds:0.##} s; going on");
                return;
            }
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
        log.Debug($"Interface {name} is running");
    }

    public void TakeDown()
    {
        foreach (string name in _broughtUp)
        {
            try
            {
                log.Debug($"Taking down interface {name}");
                InterfaceControl.SetUp(name, false);
            }
            catch (IOException e)
            {
                log.Warning($"Could not take down {ErrorText.Of(e)}");
            }
        }
        _broughtUp.Clear();
    }
}
