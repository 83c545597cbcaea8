using Mandos.Client.Cli;
using Mandos.Client.Network;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;

namespace Mandos.Client.Separation;

/// <summary>
/// The root side of mandos-client, the process plugin-runner or password-agent starts with real
/// ids of the unprivileged user and effective ids root (as a set-user-ID root program would start;
/// nothing we install is set-user-ID). It runs the start hooks as root in every id, brings the
/// interfaces up, starts the network side as the unprivileged user and does for it only what
/// needs root: temporary routes. When the network side has ended, it runs the stop
/// hooks, takes the interfaces down and only then prints the password the network side found.
/// Started without root, it does the same with the caller's ids (hooks and interfaces may then
/// fail, as upstream's do).
/// </summary>
public static class RootSide
{
    public static async Task<int> RunAsync(ClientOptions options, IReadOnlyList<string> args, Log log)
    {
        InvokingUser user = InvokingUser.OfThisProcess(log);
        using var signals = new DeferredQuitSignals();
        var hooks = new NetworkHookRunner(options.NetworkHookDir,
            NetworkHookRunner.Environment(options.NetworkHookDir, options.Interfaces, options.Debug, options.Delay, options.Connect), user.AsRoot, log);
        var activator = new InterfaceActivator(log);
        (byte[] Buffer, int Length)? password = null;
        int status;
        try
        {
            await hooks.RunAllAsync("start").ConfigureAwait(false);
            // Checked after the start hooks, which may create interfaces (bridge, VPN, wireless).
            IReadOnlyList<string> names = InterfaceSelector.Existing(options.Interfaces, log);
            if (options.Interfaces.Count == 0)
            {
                names = InterfaceSelector.Automatic(options.Connect is not null, log);
                // With --connect the server may be reachable anyway (loopback, a network set up
                // before us): upstream gives up here, we go on.
                if (names.Count == 0 && options.Connect is null)
                {
                    log.Error("Could not find a network interface");
                    return ExitCodes.Failure;
                }
            }
            await activator.BringUpAsync(names, TimeSpan.FromSeconds(options.Delay), signals.Token).ConfigureAwait(false);
            (status, password) = await RunNetworkSideAsync(options, args, names, user, log, signals.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            status = ExitCodes.Failure;
        }
        finally
        {
            await hooks.RunAllAsync("stop").ConfigureAwait(false);
            activator.TakeDown();
        }
        if (password is (byte[] buffer, int length))
        {
            SecretStreams.WriteToStandardOutput(buffer, length);
        }
        signals.Reraise();
        return status;
    }

    private static async Task<(int, (byte[], int)?)> RunNetworkSideAsync(ClientOptions options, IReadOnlyList<string> args,
        IReadOnlyList<string> interfaces, InvokingUser user, Log log, CancellationToken quit)
    {
        WorkerProcess worker;
        try
        {
            worker = WorkerProcess.Start(ClientProgram.Name, args, interfaces, dropToUser: user.Ids is not null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Error($"Could not start the network side: {ErrorText.Of(e)}");
            return (ExitCodes.Failure, null);
        }
        using (worker)
        using (quit.Register(worker.Terminate))
        {
            log.Debug($"Network side started (PID {worker.Pid})");
            Task serving = worker.ServeRoutesAsync(options.Connect is null ? OnLinkRoute.FromEnvironment(options.Debug, user.AsRoot, log) : null, log);
            Task<(byte[] Buffer, int Length)?> reading = worker.ReadPasswordAsync();
            int status = await worker.ExitAsync().ConfigureAwait(false);
            // Anything it left would hold the pipe and the channel open: the password is complete
            // when the network side has exited.
            worker.KillLeftovers();
            (byte[] Buffer, int Length)? output = await reading.ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            if (output is null)
            {
                log.Error("The network side wrote more than any password; ignored");
                return (ExitCodes.Failure, null);
            }
            if (status != 0)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(output.Value.Buffer);
                // Killed by a signal: the network side's own status is no exit status of ours.
                return (status is > 0 and < 128 ? status : ExitCodes.Failure, null);
            }
            return (ExitCodes.Success, output);
        }
    }
}
