using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Mandos.Core.Errors;
using Mandos.PluginRunner.Cli;

namespace Mandos.PluginRunner.Plugins;

/// <summary>
/// Starts every enabled plugin at once and waits, with no time limit, for the first one that
/// exits 0 after closing its output; its output is the password. The others then get SIGTERM and
/// are reaped. Failing plugins only drop out.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "_outcomes lives as long as plugin-runner: plugins still running when the race ends keep adding to it from their collector threads until the process exits, and an Add to a disposed collection would throw there.")]
public sealed class PluginRace(RunnerOptions options, PluginLauncher launcher, Action<string> debug, Action<string> error)
{
    private readonly ConcurrentQueue<RunningPlugin> _running = new();
    private readonly BlockingCollection<PluginOutcome> _outcomes = new();

    private volatile bool _stopping;

    /// <summary>SIGTERM to every plugin still running (also used when plugin-runner itself is told to stop); none is started after this.</summary>
    public void TerminateAll()
    {
        _stopping = true;
        foreach (RunningPlugin p in _running)
        {
            p.Terminate();
        }
    }

    /// <summary>Number of plugins started; 0 means the caller falls back to asking itself.</summary>
    public int StartAll(IEnumerable<string> names)
    {
        int started = 0;
        foreach (string name in names)
        {
            if (_stopping)
            {
                break;
            }
            string path = Path.Combine(options.PluginDir, name);
            if (PluginDirectory.IgnoredPattern(name) is string pattern)
            {
                debug($"Ignoring plugin dir entry \"{name}\" matching pattern {pattern}");
                continue;
            }
            bool givesRoot = launcher.GivesRoot(name, path);
            if (!launcher.MayRun(path, givesRoot))
            {
                debug($"Ignoring plugin dir entry \"{name}\": not an executable regular file");
                continue;
            }
            if (options.IsDisabled(name))
            {
                debug($"Ignoring disabled plugin \"{name}\"");
                continue;
            }
            try
            {
                RunningPlugin plugin = RunningPlugin.Start(launcher, name, path, Argv(name), Environment(name), givesRoot);
                _running.Enqueue(plugin);
                started++;
                debug(givesRoot ? $"Plugin {name} started (PID {plugin.Pid}) with effective root" : $"Plugin {name} started (PID {plugin.Pid})");
                plugin.Collect(_outcomes.Add);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                error($"Could not start plugin {name}: {ErrorText.Of(e)}");
            }
        }
        return started;
    }

    /// <summary>Waits for the winner; writes its output to <paramref name="stdout"/> and returns true, or false when every plugin failed.</summary>
    public bool Finish(int started, Stream stdout)
    {
        bool won = false;
        for (int complete = 0; complete < started; complete++)
        {
            PluginOutcome outcome = _outcomes.Take();
            debug($"Plugin {outcome.Plugin.Name} [{outcome.Plugin.Pid}] exited with status {outcome.ExitStatus}");
            try
            {
                if (!won && outcome.Succeeded)
                {
                    won = true;
                    // Even empty output counts: mandos-to-cryptroot-unlock's dummy plugin relies on it.
                    stdout.Write(outcome.Output, 0, outcome.Length);
                    stdout.Flush();
                    TerminateAll();
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(outcome.Output);
            }
        }
        return won;
    }

    /// <summary>argv[0] is the plugin's name, then its own options in the order given, then the global ones.</summary>
    private List<string> Argv(string name)
    {
        var argv = new List<string> { name };
        if (options.Plugins.TryGetValue(name, out PluginSettings? own))
        {
            argv.AddRange(own.Arguments);
        }
        argv.AddRange(options.Global.Arguments);
        return argv;
    }

    /// <summary>The plugin's own variables, then the global ones, then plugin-runner's environment.</summary>
    private List<string> Environment(string name)
    {
        IEnumerable<KeyValuePair<string, string>> overrides = options.Global.Environment;
        if (options.Plugins.TryGetValue(name, out PluginSettings? own))
        {
            overrides = own.Environment.Concat(overrides);
        }
        return Mandos.Core.Posix.ChildSpawner.EnvironmentWith(overrides);
    }
}
