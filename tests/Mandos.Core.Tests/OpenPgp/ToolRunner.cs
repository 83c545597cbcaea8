using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Runs a program to completion, feeding stdin and capturing stdout and stderr.</summary>
internal static class ToolRunner
{
    public sealed record Result(int ExitCode, byte[] Output, string Error)
    {
        public string OutputText => Encoding.UTF8.GetString(Output);
    }

    public static Result Run(string program, IEnumerable<string> arguments, byte[]? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(stdin ?? []);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within two minutes");
        }
        copy.GetAwaiter().GetResult();
        return new Result(process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
    }

    /// <summary>The full path of an installed program, or a failed test saying what to install.</summary>
    public static string Require(string program, string package, params string[] directories)
    {
        IEnumerable<string> path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(directories)
            .Concat(["/usr/sbin", "/sbin"]);
        string? found = path.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.Fail($"{program} is not installed; this interoperability test needs it: apt-get install {package}");
        }
        return found;
    }

    public static bool CanRun(string program)
    {
        try
        {
            return Run(program, ["--version"]).ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
