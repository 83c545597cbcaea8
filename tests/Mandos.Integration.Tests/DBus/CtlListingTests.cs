using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// Our mandos-ctl prints what Debian's prints, byte for byte, with the same exit status, for the
/// same server: Debian's real one, and ours.
/// </summary>
[Lane(Lane.Namespace)]
public sealed class CtlListingTests
{
    public static TheoryData<string, string> ServersAndCommandLines()
    {
        var data = new TheoryData<string, string>();
        foreach (string server in new[] { BusServerKind.Debian.Name, BusServerKind.Ours.Name })
        {
            foreach (string commandLine in new[]
                     {
                         "", "--verbose", "--dump-json", "delta alpha", "-v gamma beta-2.x gamma", "-j beta-2.x",
                         "--is-enabled alpha", "--is-enabled beta-2.x", "nope", "alpha nope",
                         "-e -d alpha", "--all", "--bogus",
                     })
            {
                data.Add(server, commandLine);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ServersAndCommandLines))]
    public async Task OurOutputAndExitStatusAreDebians(string server, string commandLine)
    {
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server), TestClients.Several);
        string[] args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A checker finishing between the two runs changes timestamps: compare again then.
        for (int attempt = 1; ; attempt++)
        {
            ProcessRunner.Result debians = await controlled.RunAsync(CtlProgram.Debians, args);
            ProcessRunner.Result ours = await controlled.RunAsync(CtlProgram.Ours, args);
            bool same = debians.StdoutText == ours.StdoutText && debians.Stderr == ours.Stderr && debians.ExitCode == ours.ExitCode;
            if (same || attempt == 3)
            {
                Assert.False(debians.Stderr.Contains("Traceback"), $"Debian's mandos-ctl failed: {debians.Stderr}");
                Assert.Equal(debians.StdoutText, ours.StdoutText);
                Assert.Equal(debians.Stderr, ours.Stderr);
                Assert.Equal(debians.ExitCode, ours.ExitCode);
                return;
            }
        }
    }

    [Fact]
    public async Task ListingShowsEveryClientWithPaddedColumns()
    {
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Debian, TestClients.Several);
        ProcessRunner.Result list = await controlled.RunAsync(CtlProgram.Ours);
        Assert.Equal(0, list.ExitCode);
        string[] lines = list.StdoutText.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("Name     Enabled Timeout    Last Successful Check", lines[0]);
        // Rows come in the order the server lists its clients, which Debian's does not promise.
        string Row(string name) => lines.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.StartsWith("alpha    Yes     00:05:00   ", Row("alpha"));
        Assert.StartsWith("beta-2.x No      00:05:00   ", Row("beta-2.x"));
        Assert.StartsWith("gamma    Yes     00:05:00   ", Row("gamma"));
        Assert.StartsWith("delta    Yes     2T00:00:00 ", Row("delta"));
        // Trailing padding is kept: every line is as wide as the header.
        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
    }
}
