using System.Diagnostics;
using System.Globalization;
using Mandos.Client.Privileges;
using Mandos.Core.Logging;

namespace Mandos.Client.Network;

/// <summary>
/// Runs the network hooks (upstream's contract): every regular, executable file in the hook
/// directory whose name matches <c>[A-Za-z0-9_.-]+</c>, in alphabetical order, one after the
/// other, with stdin from /dev/null and stdout sent to our stderr. The mode goes in MODE and, as
/// the manual promises, as the one argument. A failing hook only gets a warning; a missing
/// directory is fine.
/// </summary>
public sealed class NetworkHookRunner(string directory, IReadOnlyDictionary<string, string> environment, Log log)
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

    /// <summary>Hook file names in run order.</summary>
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
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        start.ArgumentList.Add(mode);
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["MODE"] = mode;
        log.Debug($"Running network hook {hook} ({mode})");
        try
        {
            using Process process = StartAsRoot(start);
            process.StandardInput.Close();
            // A hook's stdout belongs on our stderr: our stdout carries only the password.
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(Console.OpenStandardError());
            using var limit = new CancellationTokenSource(HookLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                log.Warning($"Network hook {hook} ran longer than {HookLimit.TotalSeconds:0} s; killing it");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            await copy.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                log.Warning($"Network hook {hook} ({mode}) exited with status {process.ExitCode}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Warning($"Could not run network hook {path}: {e.Message}");
        }
    }

    /// <summary>Hooks run as root through and through, as upstream's: a set-user-ID client takes root back to start one.</summary>
    private static Process StartAsRoot(ProcessStartInfo start)
    {
        using (RootPrivilege.RaiseFully())
        {
            return Process.Start(start)!;
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
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return info.Exists && (info.Attributes & FileAttributes.Directory) == 0 && (info.UnixFileMode & anyExecute) != 0;
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
