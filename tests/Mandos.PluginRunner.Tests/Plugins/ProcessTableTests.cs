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
}
