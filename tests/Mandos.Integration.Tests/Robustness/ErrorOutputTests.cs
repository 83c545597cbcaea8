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

    // python3 opens what argv[1] names, moves it to descriptor 7 (inheritable) and runs argv[2:]:
    // a descriptor passed to the server that is not a TCP socket to listen on.
    private const string PassingLauncher = """
        import socket, os, sys
        kind = sys.argv[1]
        keep = []
        if kind == "file":
            fd = os.open("/etc/hostname" if os.path.exists("/etc/hostname") else "/dev/null", os.O_RDONLY)
        elif kind == "udp":
            keep.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)); fd = keep[-1].fileno()
        elif kind == "unix":
            keep.append(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); fd = keep[-1].fileno()
        elif kind == "connected":
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.bind(("127.0.0.1", 0)); listener.listen(1)
            os.set_inheritable(listener.fileno(), True)  # kept open across exec: the connection stays up
            keep.append(socket.create_connection(listener.getsockname())); fd = keep[-1].fileno()
        os.dup2(fd, 7)
        os.execv(sys.argv[2], sys.argv[2:])
        """;

    /// <summary>
    /// Our own sentences about the listening socket reach the user as they are, not as the kind of
    /// .NET exception that carried them: a bad listen address, a descriptor that is not open, and
    /// a passed descriptor that is no TCP socket to listen on, each named with its option.
    /// </summary>
    [Theory]
    [InlineData("", "bogus-address", "mandos: invalid listen address \"bogus\"")]
    [InlineData("", "socket-99", "mandos: socket 99 (--socket or socket in mandos.conf): Bad file descriptor")]
    [InlineData("file", "socket-7", "mandos: socket 7 (--socket or socket in mandos.conf): not a socket")]
    [InlineData("udp", "socket-7", "mandos: socket 7 (--socket or socket in mandos.conf): a UDP socket, not a TCP socket")]
    [InlineData("unix", "socket-7", "mandos: socket 7 (--socket or socket in mandos.conf): a Unix-domain socket, not a TCP socket")]
    [InlineData("connected", "socket-7", "mandos: socket 7 (--socket or socket in mandos.conf): a connected TCP socket, not one to listen on")]
    public async Task ListeningSocketProblemIsOurOwnSentence(string passed, string setting, string sentence)
    {
        string conf = _dir.Sub("conf");
        string[] where = setting switch
        {
            "bogus-address" => ["--address", "bogus", "--port", "0"],
            "socket-99" => ["--socket", "99"],
            _ => ["--socket", "7"],
        };
        string[] server = [RepoPaths.Program("mandos"), "--foreground", "--no-zeroconf", "--no-dbus", .. where, "--configdir", conf];
        ProcessRunner.Result result = passed.Length == 0
            ? await ProcessRunner.RunAsync(server[0], server[1..], TimeSpan.FromSeconds(30))
            : await ProcessRunner.RunAsync("python3", ["-c", PassingLauncher, passed, .. server], TimeSpan.FromSeconds(30));

        string output = result.Stderr + result.StdoutText;
        Assert.False(result.TimedOut, $"mandos did not end: {output}");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotMatch(ErrorOutput.ResourceKeyOrStack, output);
        Assert.Contains(sentence, result.Stderr.Split('\n', StringSplitOptions.TrimEntries));
    }
}
