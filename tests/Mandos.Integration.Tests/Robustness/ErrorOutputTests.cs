using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Robustness;

/// <summary>
/// Each published program driven into a failure a user can cause (a directory where a file is
/// expected, a missing or malformed value) answers with one line naming what was wrong and a
/// non-zero exit: never a .NET resource key or a stack trace.
/// </summary>
[Lane(Lane.Loopback)]
public sealed class ErrorOutputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string[], string> Failures => new()
    {
        // program, arguments ({dir}: a directory; {file}: a regular file), what the line must name
        { "mandos", ["--configdir", "{dir}/mandos.conf-is-a-dir", "--foreground", "--no-dbus", "--no-zeroconf", "--port", "0"], "mandos.conf: cannot read the file: Is a directory" },
        { "mandos", ["--debuglevel", "NOPE"], "NOPE" },
        { "mandos-keygen", ["--dir", "{file}"], "{file}" },
        { "mandos-keygen", ["--type", "XYZ"], "XYZ" },
        { "mandos-ctl", ["--timeout", "PT1H", "--all", "--secret", "{dir}"], "Is a directory" },
        { "mandos-ctl", ["--all", "--timeout", "PT1H"], "" }, // no bus to talk to
        { "mandos-client", ["--connect", "127.0.0.1:1", "--interface", "none", "--tls-pubkey", "{dir}"], "{dir}" },
        { "mandos-client", ["--delay", "nan"], "--delay" },
        { "mandos-client", ["--retry", "1e300"], "--retry" },
        { "plugin-runner", ["--config-file", "{dir}", "--plugin-dir", "{dir}"], "{dir}: Is a directory" },
        { "password-agent", ["--bogus-option"], "bogus" },
        { "mandos-client-iprouteadddel", ["frobnicate"], "" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task FailureIsOneSentenceWithoutResourceKeysOrStack(string program, string[] args, string named)
    {
        string dir = _dir.Sub("a-directory");
        Directory.CreateDirectory(Path.Combine(dir, "mandos.conf-is-a-dir", "mandos.conf"));
        string file = Path.Combine(_dir.Path, "a-file");
        File.WriteAllText(file, "not a directory\n");
        string[] expanded = args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal)).ToArray();

        ProcessRunner.Result result = await ProcessRunner.RunAsync(RepoPaths.Program(program), expanded, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(dir, "no-bus") });

        string output = result.Stderr + result.StdoutText;
        Assert.False(result.TimedOut, $"{program} did not end: {output}");
        Assert.True(result.ExitCode != 0, $"{program} exited 0: {output}");
        Assert.DoesNotMatch(ErrorOutput.ResourceKeyOrStack, output);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("usage:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Try ", StringComparison.Ordinal)
                && !l.StartsWith('[') && !l.StartsWith("mandos-ctl [", StringComparison.Ordinal))
            .ToArray();
        Assert.True(lines.Length >= 1, $"{program} said nothing on stderr: {output}");
        Assert.Contains(named.Replace("{dir}", dir, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal), result.Stderr,
            StringComparison.Ordinal);
    }
}
