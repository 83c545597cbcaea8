using System.Globalization;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Logging;
using Mandos.Core.Posix;

namespace Mandos.Client.Network;

/// <summary>
/// Runs the network hooks (upstream's contract): every regular, executable file in the hook
/// directory whose name matches <c>[A-Za-z0-9_.-]+</c>, in alphabetical order, one after the
/// other, with stdin from /dev/null and stdout sent to our stderr. The mode goes in MODE and, as
/// the manual promises, as the one argument. A failing hook only gets a warning; a missing
/// directory is fine. Each hook is opened once, checked on the open file (owned by root, writable
/// by nobody else) and executed from it, as root when we are, with a fixed environment: PATH
/// (<see cref="FixedEnvironment.Path"/>) and the contract's variables, nothing inherited.
/// </summary>
public sealed class NetworkHookRunner(string directory, IReadOnlyDictionary<string, string> environment,
    Func<Func<SpawnedChild>, SpawnedChild> asRoot, Log log)
{
    /// <summary>A hook that hangs does not hold the boot for ever.</summary>
    public static readonly TimeSpan HookLimit = TimeSpan.FromMinutes(2);

    /// <summary>The environment of upstream's client: MANDOSNETHOOKDIR, DEVICE, VERBOSITY, DELAY, CONNECT.</summary>
    public static Dictionary<string, string> Environment(string directory, IReadOnlyList<string> interfaces, bool debug, double delay,
        string? connect)
    {
        var env = new Dictionary<string, string>
        {
            ["MANDOSNETHOOKDIR"] = directory,
            ["DEVICE"] = string.Join(",", interfaces),
            ["VERBOSITY"] = debug ? "1" : "0",
            ["DELAY"] = delay.ToString("F6", CultureInfo.InvariantCulture),
        };
        if (connect is not null)
        {
            env["CONNECT"] = connect;
        }
        return env;
    }

    /// <summary>Hook file names in run order (by name and type; ownership is checked when each is opened).</summary>
    public IReadOnlyList<string> Hooks()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        return Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>()
            .Where(n => IsHookName(n) && IsExecutableFile(Path.Combine(directory, n)))
            .Order(StringComparer.Ordinal).ToArray();
    }

    public async Task RunAllAsync(string mode)
    {
        foreach (string hook in Hooks())
        {
            await RunAsync(hook, mode).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string hook, string mode)
    {
        string path = Path.Combine(directory, hook);
        log.Debug($"Running network hook {hook} ({mode})");
        SpawnedChild child;
        try
        {
            using OpenedProgram program = OpenedProgram.Open(path);
            List<string> env = FixedEnvironment.With(environment.Append(new("MODE", mode)));
            // Its own session, so that a hook that overstays can be killed with what it started.
            child = asRoot(() => program.Spawn([hook, mode], env,
                new SpawnOptions { InputFromDevNull = true, OutputToStandardError = true, CloseOtherDescriptors = true, NewSession = true }));
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            log.Warning($"Could not run network hook {ErrorText.Of(e)}");
            return;
        }
        Task<int> exit = ChildWait.ForAsync(child.Pid);
        int status;
        try
        {
            status = await exit.WaitAsync(HookLimit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.Warning($"Network hook {hook} ran longer than {HookLimit.TotalSeconds:0} s; killing it");
            _ = ChildStatus.Signal(-child.Pid, SignalNumber.Kill);
            status = await exit.ConfigureAwait(false);
        }
        if (status != 0)
        {
            log.Warning($"Network hook {hook} ({mode}) exited with status {status}");
        }
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                info = (FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            }
            const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return info.Exists && (info.Attributes & FileAttributes.Directory) == 0 && (info.UnixFileMode & AnyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>run-parts' rule, <c>[A-Za-z0-9_.-]+</c>: editor backups (<c>~</c>) and package leftovers are skipped.</summary>
    public static bool IsHookName(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-');
}
