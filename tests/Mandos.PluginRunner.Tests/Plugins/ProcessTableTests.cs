using System.Diagnostics;
using Mandos.Plugins.Common;
using Mandos.Testing.Files;

namespace Mandos.PluginRunner.Tests.Plugins;

[Lane(Lane.Loopback)]
public sealed class ProcessTableTests
{
    /// <summary>Merged /usr: plymouthd started as /usr/sbin/plymouthd is found as /sbin/plymouthd (/sbin → usr/sbin).</summary>
    [Fact]
    public void DaemonIsFoundThroughASymbolicLinkToItsDirectory()
    {
        using var root = new TempDir("process-table-", TempDir.Private);
        Process? daemon = null;
        try
        {
            string usrSbin = Directory.CreateDirectory(Path.Combine(root.Path, "usr", "sbin")).FullName;
            string program = Path.Combine(usrSbin, "stand-in-daemon");
            File.Copy("/bin/sleep", program);
            Directory.CreateSymbolicLink(root.File("sbin"), "usr/sbin");
            daemon = Process.Start(program, "30");
            Assert.Equal([daemon.Id], ProcessTable.ByExecutable(Path.Combine(root.Path, "sbin", "stand-in-daemon")));
            Assert.Equal([daemon.Id], ProcessTable.ByExecutable(program));
            Assert.Empty(ProcessTable.ByExecutable(Path.Combine(root.Path, "sbin", "none")));
        }
        finally
        {
            daemon?.Kill();
            daemon?.WaitForExit();
        }
    }

    [Fact]
    public void PidsAreInNumericalOrderWhateverTheDirectoryOrder() =>
        Assert.Equal([2, 9, 10, 100, 4194304], ProcessTable.PidsIn(["100", "self", "10", null, "thread-self", "9", "4194304", "2", "0", "-5", "+7"]));

    /// <summary>Of several daemons running the same file, the lowest pid comes first, every time.</summary>
    [Fact]
    public void SeveralDaemonsAreListedLowestPidFirst()
    {
        using var root = new TempDir("process-table-", TempDir.Private);
        string program = root.File("stand-in-daemon");
        File.Copy("/bin/sleep", program);
        var daemons = new List<Process>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                daemons.Add(Process.Start(program, "30"));
            }
            List<int> found = ProcessTable.ByExecutable(program);
            Assert.Equal(daemons.Select(d => d.Id).Order(), found);
        }
        finally
        {
            foreach (Process daemon in daemons)
            {
                daemon.Kill();
                daemon.WaitForExit();
            }
        }
    }

    /// <summary>A process has ended when it is gone or a zombie nobody has reaped: it holds nothing any more.</summary>
    [Fact]
    public async Task AProcessHasEndedWhenGoneOrAZombie()
    {
        using Process running = Process.Start("/bin/sleep", "30");
        // A zombie: the child of a shell that never waits for it.
        using Process parent = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "/bin/true & echo $!; exec sleep 30"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            int zombie = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);

            Assert.False(ProcessTable.HasEnded(running.Id));
            await Mandos.Testing.Waiting.Eventually.Until(() => ProcessTable.HasEnded(zombie), "the shell's child to end");
            Assert.True(Directory.Exists($"/proc/{zombie}"), "the zombie was reaped: the test shows nothing");
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
            running.Kill();
            running.WaitForExit();
        }
        Assert.True(ProcessTable.HasEnded(running.Id));
    }
}
