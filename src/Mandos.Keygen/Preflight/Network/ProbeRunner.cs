using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Keys;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// The root side's view of the probe (<see cref="ProbeSide"/>): this executable started again
/// with a fixed environment naming descriptor 3, on which the request (keys included) comes
/// through a pipe; stdin and stderr /dev/null (the probe gets nothing of root's terminal), no
/// other descriptor, its stdout a pipe to us, in a session and process group of its own. Its
/// report lines and the secret are read from that pipe; it gets as long as its searches and
/// answers may take, and then its whole group is killed — before it is reaped, so the group id
/// cannot have been reused.
/// </summary>
internal static class ProbeRunner
{
    /// <summary>More than any report and secret: a probe that writes more is not believed.</summary>
    private const int MaxOutput = 2 << 20;

    /// <summary>After the probe has exited, how long its output may still take to arrive.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(5);

    /// <summary>Beyond its searches and answers, what the probe may take (start, keys, reports).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    /// <summary>The longest the probe may take: one search, then each server's handshake and answer.</summary>
    public static TimeSpan Deadline(ProbeRequest request) =>
        request.Timeout + (ProbeSide.MaxServers * (request.Timeout + Mandos.Client.Connection.SecretFetcher.HandshakeLimit)) + Slack;

    public static async Task<ProbeResult> RunAsync(ProbeRequest request)
    {
        byte[] encoded = request.Encode();
        try
        {
            return await RunAsync(encoded, Deadline(request)).ConfigureAwait(false);
        }
        finally
        {
            PrivateFile.Clear(encoded);
        }
    }

    private static async Task<ProbeResult> RunAsync(byte[] encoded, TimeSpan deadline)
    {
        if (Pipe() is not int[] ends)
        {
            return Failed($"could not start the network probe: {ErrorText.Strerror(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
        }
        // Inherited by the probe, every thread of it, before it runs a line: it never gains privileges by exec.
        if (!Credentials.ForbidNewPrivileges())
        {
            _ = Libc.Close(ends[0]);
            _ = Libc.Close(ends[1]);
            return Failed("could not start the network probe: no_new_privs cannot be set");
        }
        SpawnedChild child;
        var requestPipe = new FileStream(new SafeFileHandle(ends[1], ownsHandle: true), FileAccess.Write, 1);
        try
        {
            child = ChildSpawner.Spawn(ChildSpawner.OwnExecutable, ["mandos-keygen"],
                FixedEnvironment.With([new(ProbeRequest.Variable, ProbeSide.RequestDescriptor.ToString(CultureInfo.InvariantCulture))]),
                new SpawnOptions
                {
                    CaptureOutput = true, InputFromDevNull = true, ErrorToDevNull = true, Descriptors = [ends[0]], CloseOtherDescriptors = true,
                    NewSession = true,
                });
        }
        catch (Win32Exception e)
        {
            await requestPipe.DisposeAsync().ConfigureAwait(false);
            return Failed($"could not start the network probe: {ErrorText.Of(e)}");
        }
        finally
        {
            _ = Libc.Close(ends[0]);
        }
        using Stream pipe = child.Output!;
        Task writing = WriteRequestAsync(requestPipe, encoded);
        Task<(byte[] Buffer, int Length)?> reading = Task.Factory.StartNew(() => SecretStreams.ReadAll(pipe, MaxOutput), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task<bool> exited = Task.Factory.StartNew(() => ChildStatus.WaitExitedNotReaped(child.Pid), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        bool expired = false;
        bool stillOurs;
        using (var expiry = new CancellationTokenSource(deadline))
        using (expiry.Token.Register(() =>
        {
            // Until it is reaped (below), its process group id is its own, exited or not.
            if (!exited.IsCompleted)
            {
                expired = true;
                _ = ChildStatus.Signal(-child.Pid, SignalNumber.Kill);
            }
        }))
        {
            stillOurs = await exited.ConfigureAwait(false);
        }
        if (stillOurs)
        {
            // Whatever it left behind in its group goes with it.
            _ = ChildStatus.Signal(-child.Pid, SignalNumber.Kill);
        }
        // Its output is whole once it has exited, unless something it started left its group and
        // holds the pipe open: after a moment to drain, that output is not waited for.
        bool drained = await Task.WhenAny(reading, Task.Delay(Drain)).ConfigureAwait(false) == reading;
        _ = await Task.WhenAny(writing, Task.Delay(Drain)).ConfigureAwait(false);
        int status = stillOurs ? await ChildWait.ForAsync(child.Pid).ConfigureAwait(false) : -1;
        if (!drained)
        {
            return Failed("the network probe exited but left a process behind that holds its output; nothing it said was believed");
        }
        if (await reading.ConfigureAwait(false) is not (byte[] buffer, int length))
        {
            return Failed("the network probe wrote more than any report; ignored");
        }
        try
        {
            ProbeResult result = Parse(buffer.AsSpan(0, length), status);
            return expired
                ? new ProbeResult([.. result.Reports, new ProbeReport(null, null, $"the network probe did not finish within {deadline.TotalSeconds:0} s and was stopped")], null)
                : result;
        }
        finally
        {
            PrivateFile.Clear(buffer);
        }
    }

    /// <summary>A pipe, both ends close-on-exec: [read, write]; null when none can be had.</summary>
    private static unsafe int[]? Pipe()
    {
        int* ends = stackalloc int[2];
        return Libc.Pipe2(ends, OpenFlags.CloseOnExec) < 0 ? null : [ends[0], ends[1]];
    }

    /// <summary>Writes the request and closes the pipe; a probe that went away early costs nothing but the rest of the request.</summary>
    private static async Task WriteRequestAsync(FileStream pipe, byte[] encoded)
    {
        await using (pipe.ConfigureAwait(false))
        {
            try
            {
                await pipe.WriteAsync(encoded).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // EPIPE: it ended before reading it all.
            }
        }
    }

    /// <summary>The report lines, then an optional <c>secret TAB LENGTH</c> line and that many bytes.</summary>
    internal static ProbeResult Parse(ReadOnlySpan<byte> output, int status)
    {
        var reports = new List<ProbeReport>();
        while (output.IndexOf((byte)'\n') is int end and >= 0)
        {
            string line = Encoding.UTF8.GetString(output[..end]);
            output = output[(end + 1)..];
            if (line.StartsWith(ProbeSide.SecretLine + "\t", StringComparison.Ordinal))
            {
                if (!int.TryParse(line.AsSpan(ProbeSide.SecretLine.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int size)
                    || size != output.Length || status != 0)
                {
                    return new ProbeResult([.. reports, new ProbeReport(null, null, "the network probe's secret came incomplete")], null);
                }
                return new ProbeResult(reports, output.ToArray());
            }
            // At most one line per server it may ask and one about the search; each names a server
            // by an address (a compromised probe gets no free text into root's report but details).
            if (reports.Count <= ProbeSide.MaxServers && ProbeReport.Parse(line) is ProbeReport report
                && (report.Server is null || IsAddress(report.Server)))
            {
                reports.Add(report);
            }
        }
        if (status != 0)
        {
            reports.Add(new ProbeReport(null, null, $"the network probe failed ({ExitText(status)})"));
        }
        return new ProbeResult(reports, null);
    }

    private static bool IsAddress(string server)
    {
        try
        {
            _ = Mandos.Client.Connection.ServerAddress.Parse(server);
            return true;
        }
        catch (Mandos.Core.CommandLine.UsageException)
        {
            return false;
        }
    }

    private static string ExitText(int status) =>
        status > 128 ? $"killed by signal {status - 128}" : $"exit status {status}";

    private static ProbeResult Failed(string why) => new([new ProbeReport(null, null, why)], null);
}
