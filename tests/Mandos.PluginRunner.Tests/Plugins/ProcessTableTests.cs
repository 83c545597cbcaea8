using System.Diagnostics;
using Mandos.Plugins.Common;

namespace Mandos.PluginRunner.Tests.Plugins;

[Lane(Lane.Loopback)]
public sealed class ProcessTableTests
{
    /// <summary>Merged /usr: plymouthd started as /usr/sbin/plymouthd is found as /sbin/plymouthd (/sbin → usr/sbin).</summary>
    [Fact]
    public void DaemonIsFoundThroughASymbolicLinkToItsDirectory()
    {
        string root = Directory.CreateTempSubdirectory("process-table-").FullName;
        Process? daemon = null;
        try
        {
            string usrSbin = Directory.CreateDirectory(Path.Combine(root, "usr", "sbin")).FullName;
            string program = Path.Combine(usrSbin, "stand-in-daemon");
            File.Copy("/bin/sleep", program);
            Directory.CreateSymbolicLink(Path.Combine(root, "sbin"), "usr/sbin");
            daemon = Process.Start(program, "30");
            Assert.Equal([daemon.Id], ProcessTable.ByExecutable(Path.Combine(root, "sbin", "stand-in-daemon")));
            Assert.Equal([daemon.Id], ProcessTable.ByExecutable(program));
            Assert.Empty(ProcessTable.ByExecutable(Path.Combine(root, "sbin", "none")));
        }
        finally
        {
            daemon?.Kill();
            daemon?.WaitForExit();
            Directory.Delete(root, recursive: true);
        }
    }
}
