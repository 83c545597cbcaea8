using System.Diagnostics;
using System.Text;

namespace Mandos.Integration.Tests.Harness;

/// <summary>Runs a program to completion under a time limit, capturing stdout as bytes and stderr as text.</summary>
public static class ProcessRunner
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
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
        }
        await copy;
        return new Result(p.ExitCode, output.ToArray(), await errors, timedOut);
    }
}
