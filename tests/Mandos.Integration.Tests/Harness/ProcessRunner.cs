using System.Diagnostics;
using System.Text;
using Mandos.Core.Interop;

namespace Mandos.Integration.Tests.Harness;

/// <summary>Runs a program to completion under a time limit, capturing stdout as bytes and stderr as text.</summary>
public static partial class ProcessRunner
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr, bool TimedOut)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan limit,
        IDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            foreach ((string k, string v) in environment)
            {
                start.Environment[k] = v;
            }
        }
        using Process p = Process.Start(start)!;
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
        }
        p.StandardInput.Close();
        using var output = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> errors = p.StandardError.ReadToEndAsync();
        bool timedOut = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                await StopAsync(p);
            }
        }
        await copy;
        return new Result(p.ExitCode, output.ToArray(), await errors, timedOut);
    }

    /// <summary>
    /// SIGTERM first, as plugin-runner stops a plugin: Debian's client then cleans up its GnuPG
    /// home and agent. SIGKILL for the whole tree if it has not exited two seconds later.
    /// </summary>
    private static async Task StopAsync(Process p)
    {
        _ = Libc.Kill(p.Id, SignalNumber.Terminate);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await p.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }
}
