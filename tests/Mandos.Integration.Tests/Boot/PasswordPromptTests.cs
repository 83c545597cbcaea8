using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>password-prompt on a real pseudo-terminal (Python's pty module plays the console and the person typing).</summary>
[Lane(Lane.Loopback)]
[Collection(ConsoleCollection.Name)]
public sealed class PasswordPromptTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // argv: program, output file, text to wait for, then the program's arguments. Prints the
    // terminal's text after the prompt was answered on the first line, the exit status on the second.
    private const string Console = """
        import os, pty, subprocess, sys, time
        prog, outfile, wait_for = sys.argv[1:4]
        master, slave = pty.openpty()
        with open(outfile, "wb") as out:
            p = subprocess.Popen([prog] + sys.argv[4:], stdin=slave, stderr=slave, stdout=out, start_new_session=True)
        os.close(slave)
        seen = b""
        deadline = time.time() + 20
        while wait_for.encode() not in seen and time.time() < deadline:
            seen += os.read(master, 1024)
        os.write(master, b"\n")          # an empty line is a password too: upstream retries only end of file
        time.sleep(0.2)
        rest = b""
        os.set_blocking(master, False)
        try:
            rest = os.read(master, 4096)
        except (BlockingIOError, OSError):
            pass
        print(repr(seen + rest))
        print(p.wait(timeout=10))
        """;

    private async Task<(string Terminal, int Status, string Stdout)> AskAsync(string typed, Dictionary<string, string>? env, params string[] args)
    {
        string output = Path.Combine(_dir.Path, "stdout");
        string script = Console.Replace("b\"\\n\"", "b\"" + typed + "\\n\"", StringComparison.Ordinal);
        ProcessRunner.Result run = await ProcessRunner.RunAsync("python3", ["-c", script, RepoPaths.Program("password-prompt"), output, ": ", .. args],
            Limit, env);
        Assert.False(run.TimedOut, run.Stderr);
        string[] lines = run.StdoutText.Split('\n');
        Assert.True(lines.Length >= 2, run.StdoutText + run.Stderr);
        return (lines[0], int.Parse(lines[1]), File.ReadAllText(output));
    }

    [Fact]
    public async Task TypedLineIsPrintedWithoutNewlineAndNotEchoed()
    {
        var env = new Dictionary<string, string> { ["CRYPTTAB_SOURCE"] = "/dev/vda2", ["CRYPTTAB_NAME"] = "root" };
        (string terminal, int status, string stdout) = await AskAsync("s3cret", env);
        Assert.Equal(0, status);
        Assert.Equal("s3cret", stdout);
        Assert.Contains("Unlocking the disk /dev/vda2 (root)", terminal);
        Assert.Contains("Enter passphrase: ", terminal);
        Assert.DoesNotContain("s3cret", terminal);
    }

    [Fact]
    public async Task PrefixAndPromptOptions()
    {
        (string terminal, int status, string stdout) = await AskAsync("pw", null, "--prefix=Mandos", "--prompt=Key for disk");
        Assert.Equal(0, status);
        Assert.Equal("pw", stdout);
        Assert.Contains("Mandos Key for disk: ", terminal);
    }

    [Fact]
    public async Task WithoutTerminalItIsUnavailable()
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync(RepoPaths.Program("password-prompt"), [], Limit, stdin: "pw\n");
        Assert.Equal(69, run.ExitCode);
        Assert.Empty(run.Stdout);
    }
}
