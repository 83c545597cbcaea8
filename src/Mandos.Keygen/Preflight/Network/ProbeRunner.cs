using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Keys;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// The root side's view of the probe (<see cref="ProbeSide"/>): this executable started again
/// with a fixed environment holding the request, stdin from /dev/null, no descriptors but 0–2,
/// its stdout a pipe to us; its report lines and the secret are read from that pipe.
/// </summary>
internal static class ProbeRunner
{
    /// <summary>More than any report and secret: a probe that writes more is not believed.</summary>
    private const int MaxOutput = 2 << 20;

    public static async Task<ProbeResult> RunAsync(ProbeRequest request)
    {
        SpawnedChild child;
        try
        {
            child = ChildSpawner.Spawn(ChildSpawner.OwnExecutable, ["mandos-keygen"], request.Environment(), new SpawnOptions
            {
                CaptureOutput = true, InputFromDevNull = true, CloseOtherDescriptors = true, NewSession = true,
            });
        }
        catch (Win32Exception e)
        {
            return Failed($"could not start the network probe: {ErrorText.Of(e)}");
        }
        Task<int> exit = ChildWait.ForAsync(child.Pid);
        (byte[] Buffer, int Length)? output;
        using (Stream pipe = child.Output!)
        {
            output = await Task.Factory.StartNew(() => SecretStreams.ReadAll(pipe, MaxOutput), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        int status = await exit.ConfigureAwait(false);
        // Anything it left behind would be nobody's: its whole group goes.
        _ = ChildStatus.Signal(-child.Pid, SignalNumber.Kill);
        if (output is not (byte[] buffer, int length))
        {
            return Failed("the network probe wrote more than any report; ignored");
        }
        try
        {
            return Parse(buffer.AsSpan(0, length), status);
        }
        finally
        {
            PrivateFile.Clear(buffer);
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
            if (ProbeReport.Parse(line) is ProbeReport report)
            {
                reports.Add(report);
            }
        }
        if (status != 0 && reports.Count == 0)
        {
            reports.Add(new ProbeReport(null, null, $"the network probe failed ({ExitText(status)})"));
        }
        return new ProbeResult(reports, null);
    }

    private static string ExitText(int status) =>
        status > 128 ? $"killed by signal {status - 128}" : $"exit status {status}";

    private static ProbeResult Failed(string why) => new([new ProbeReport(null, null, why)], null);
}
