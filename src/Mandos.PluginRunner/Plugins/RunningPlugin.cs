using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;

namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// One started plugin. A thread of its own collects its stdout until end of file and then reaps
/// it, so a plugin is complete only when it has both closed its output and exited.
/// </summary>
public sealed class RunningPlugin
{
    private readonly Stream _output;
    private int _done;

    private RunningPlugin(string name, int pid, Stream output)
    {
        Name = name;
        Pid = pid;
        _output = output;
    }

    public string Name { get; }

    public int Pid { get; }

    public bool IsComplete => Volatile.Read(ref _done) != 0;

    public static RunningPlugin Start(PluginLauncher launcher, string name, string path, IReadOnlyList<string> argv,
        IReadOnlyList<string> environment, bool givesRoot)
    {
        SpawnedChild child = launcher.Start(path, argv, environment, givesRoot);
        return new RunningPlugin(name, child.Pid, child.Output!);
    }

    /// <summary>Starts collecting; <paramref name="complete"/> is called once, on the plugin's thread.</summary>
    public void Collect(Action<PluginOutcome> complete)
    {
        new Thread(() =>
        {
            (byte[] buffer, int length) = ReadAll();
            int status = ChildStatus.Wait(Pid);
            Volatile.Write(ref _done, 1);
            complete(new PluginOutcome(this, status, buffer, length));
        })
        { IsBackground = true, Name = "plugin " + Name }.Start();
    }

    /// <summary>SIGTERM, unless it is already complete (its pid may then belong to another process).</summary>
    public void Terminate()
    {
        if (!IsComplete)
        {
            _ = ChildStatus.Signal(Pid, SignalNumber.Terminate);
        }
    }

    private (byte[] Buffer, int Length) ReadAll()
    {
        using (_output)
        {
            return SecretStreams.ReadAll(_output);
        }
    }
}
