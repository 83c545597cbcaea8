using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Client.Network;
using Mandos.Core.Interop;
using Mandos.Core.Logging;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;

namespace Mandos.Client.Separation;

/// <summary>
/// The network side of mandos-client, as the root side sees it: the same executable started
/// again with the same arguments, as the unprivileged user from the start (no root in any id, so
/// nothing it parses — mDNS, TLS, OpenPGP — runs with root at hand), a fixed environment, stdin
/// from /dev/null, its stdout (the password) a pipe to us, and descriptor 3 a socket on which it
/// may ask for temporary routes (<see cref="RouteRequest"/>), the only root work done for it.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    /// <summary>Set in the network side's environment: the descriptor of its channel to the root side.</summary>
    public const string ChannelVariable = "MANDOS_CLIENT_CHANNEL";

    /// <summary>Set in the network side's environment: the interfaces the root side chose, space-separated (names have no spaces).</summary>
    public const string InterfacesVariable = "MANDOS_CLIENT_INTERFACES";

    /// <summary>More than any password: a network side that writes more is not believed.</summary>
    private const int MaxPasswordBytes = 1 << 20;

    private const int UnixDomain = 1;            // AF_UNIX
    private const int Stream = 1;                // SOCK_STREAM

    private readonly Stream _output;
    private readonly Socket _channel;
    private readonly Task<int> _exit;

    private WorkerProcess(int pid, Stream output, Socket channel)
    {
        Pid = pid;
        _output = output;
        _channel = channel;
        _exit = ChildWait.ForAsync(pid);
    }

    public int Pid { get; }

    /// <summary>
    /// Starts the network side with <paramref name="args"/>. With <paramref name="dropToUser"/>, our
    /// real ids are an unprivileged user's and our effective ids root, and it runs as that user
    /// through and through.
    /// </summary>
    public static unsafe WorkerProcess Start(string name, IReadOnlyList<string> args, IReadOnlyList<string> interfaces, bool dropToUser)
    {
        int* ends = stackalloc int[2];
        if (Libc.SocketPair(UnixDomain, Stream | OpenFlags.CloseOnExec, 0, ends) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socketpair");
        }
        var ours = new Socket(new SafeSocketHandle(ends[0], ownsHandle: true));
        try
        {
            List<string> env = FixedEnvironment.With([new(ChannelVariable, "3"), new(InterfacesVariable, string.Join(' ', interfaces))]);
            var options = new SpawnOptions
            {
                CaptureOutput = true, InputFromDevNull = true, Descriptors = [ends[1]], CloseOtherDescriptors = true, ResetIds = dropToUser,
                // its own process group, so that whatever it might leave behind can be killed with it
                NewSession = true,
            };
            SpawnedChild child = ChildSpawner.Spawn(ChildSpawner.OwnExecutable, [name, .. args], env, options);
            return new WorkerProcess(child.Pid, child.Output!, ours);
        }
        catch
        {
            ours.Dispose();
            throw;
        }
        finally
        {
            _ = Libc.Close(ends[1]);
        }
    }

    /// <summary>Its exit status, as <see cref="ChildStatus.Wait"/> gives it, once it has exited.</summary>
    public Task<int> ExitAsync() => _exit;

    /// <summary>SIGTERM, unless it has exited already.</summary>
    public void Terminate()
    {
        if (!_exit.IsCompleted)
        {
            _ = ChildStatus.Signal(Pid, SignalNumber.Terminate);
        }
    }

    /// <summary>SIGKILL to what is left of its process group once it has exited (nothing, unless it was subverted).</summary>
    public void KillLeftovers() => _ = ChildStatus.Signal(-Pid, SignalNumber.Kill);

    /// <summary>What it wrote on its stdout, read to the end; null when that was more than any password.</summary>
    public Task<(byte[] Buffer, int Length)?> ReadPasswordAsync() =>
        Task.Factory.StartNew(() => SecretStreams.ReadAll(_output, MaxPasswordBytes), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Answers its route requests with <paramref name="routes"/> (none: every request fails) until
    /// it closes the channel: a route to a unicast address that is not loopback may be added, and
    /// only a route added for it may be deleted; what it left is deleted at the end.
    /// </summary>
    public async Task ServeRoutesAsync(ITemporaryRoutes? routes, Log log)
    {
        var added = new HashSet<(System.Net.IPAddress, int)>();
        try
        {
            await ServeAsync(routes, added, log).ConfigureAwait(false);
        }
        finally
        {
            if (routes is not null)
            {
                foreach ((System.Net.IPAddress address, int index) in added)
                {
                    await routes.DeleteAsync(address, index).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ServeAsync(ITemporaryRoutes? routes, HashSet<(System.Net.IPAddress, int)> added, Log log)
    {
        byte[] line = new byte[RouteRequest.MaxLineLength + 1];
        int length = 0;
        byte[] one = new byte[1];
        try
        {
            while (await _channel.ReceiveAsync(one, SocketFlags.None).ConfigureAwait(false) == 1)
            {
                if (one[0] != '\n')
                {
                    if (length == line.Length)
                    {
                        log.Warning("The network side sent an overlong request; no more route requests are served");
                        return;
                    }
                    line[length++] = one[0];
                    continue;
                }
                RouteRequest? request = RouteRequest.Parse(Encoding.ASCII.GetString(line, 0, length));
                length = 0;
                bool done = false;
                if (request is null || !request.IsForUnicastAddress)
                {
                    log.Warning("The network side sent a request that is not a route request to a unicast address; refused");
                }
                else if (routes is not null)
                {
                    var route = (request.Address, request.InterfaceIndex);
                    if (request.Add && !added.Contains(route))
                    {
                        done = await routes.AddAsync(request.Address, request.InterfaceIndex).ConfigureAwait(false);
                        if (done)
                        {
                            added.Add(route);
                        }
                    }
                    else if (!request.Add && added.Remove(route))
                    {
                        await routes.DeleteAsync(request.Address, request.InterfaceIndex).ConfigureAwait(false);
                        done = true;
                    }
                }
                await _channel.SendAsync(Encoding.ASCII.GetBytes((done ? RouteRequest.Done : RouteRequest.Failed) + "\n"), SocketFlags.None)
                    .ConfigureAwait(false);
            }
        }
        catch (SocketException)
        {
            // It went away: nothing more to serve.
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _output.Dispose();
    }
}
