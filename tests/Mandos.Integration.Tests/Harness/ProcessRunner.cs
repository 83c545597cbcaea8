using System.Diagnostics;
using System.Text;
using Mandos.Core.Interop;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// The one place the tests start programs: in the foreground (<see cref="RunAsync"/>, to
/// completion under a time limit, stdout as bytes and stderr as text) or in the background
/// (<see cref="Start"/>, left running with its output collected; <see cref="StartDetached"/>
/// without).
/// </summary>
public static partial class ProcessRunner
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr, bool TimedOut)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan limit,
        IDictionary<string, string>? environment = null, string? stdin = null)
    {
        ProcessStartInfo start = StartInfo(file, args, environment);
        start.RedirectStandardInput = true;
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
    /// Runs a short command (chown, getent) to completion without a time limit, for harness code
    /// that cannot await; fails with its error when <paramref name="mustSucceed"/> and it fails.
    /// </summary>
    public static Result Run(bool mustSucceed, string file, params string[] args)
    {
        using Process p = Process.Start(StartInfo(file, args, null))!;
        Task<string> errors = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var result = new Result(p.ExitCode, Encoding.UTF8.GetBytes(output), errors.GetAwaiter().GetResult(), TimedOut: false);
        if (mustSucceed && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        }
        return result;
    }

    /// <summary>Starts a program and leaves it running; its output is collected until it ends.</summary>
    public static BackgroundProcess Start(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        new(Process.Start(StartInfo(file, args, environment))!);

    /// <summary>
    /// Starts a program with the test's own standard streams, its output not collected: for a
    /// stand-in daemon the program under test kills and starts again, as it would a real one.
    /// </summary>
    public static Process StartDetached(string file, params string[] args) => Process.Start(file, args);

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return start;
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
