using System.Runtime.InteropServices;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Posix;
using Mandos.PluginRunner.Cli;
using Mandos.PluginRunner.Plugins;

namespace Mandos.PluginRunner;

/// <summary>
/// <c>plugin-runner</c>, the cryptsetup keyscript: runs every plugin in parallel as an
/// unprivileged user (started by root, it keeps root only until the plugins are started, see
/// <see cref="PluginLauncher"/>); the first plugin to exit 0 has its output copied to stdout as the password
/// and the others get SIGTERM. When none succeeds, or none starts, or the options are bad, it asks
/// with getpass(3) instead. It never times out.
/// </summary>
public static class PluginRunnerProgram
{
    public const string Name = "plugin-runner";
    private const string HelperDirVariable = "MANDOSPLUGINHELPERDIR";

    public static int Run(string[] args)
    {
        try
        {
            string? information = RunnerCommandLine.InformationRequested(args);
            if (information is not null)
            {
                Console.Out.WriteLine(information);
                return ExitCodes.Success;
            }
        }
        catch (UsageException)
        {
            // Reported by Parse below, after the configuration file.
        }
        using Stream stdout = Console.OpenStandardOutput();
        RunnerOptions options;
        try
        {
            options = RunnerCommandLine.Parse(args, ReadConfigFile);
        }
        catch (UsageException e)
        {
            Error(ErrorText.Of(e));
            Console.Error.WriteLine($"Try `{Name} --help' or `{Name} --usage' for more information.");
            return Fallback(stdout, ExitCodes.Usage);
        }
        catch (ConfigFileException e)
        {
            Error(ErrorText.Of(e));
            return Fallback(stdout, ExitCodes.Config);
        }
        return RunPlugins(options, stdout);
    }

    private static int RunPlugins(RunnerOptions options, Stream stdout)
    {
        Action<string> debug = options.Debug ? m => Console.Error.WriteLine(m) : _ => { };
        options.Global.SetVariable(HelperDirVariable, options.HelperDir);
        PluginLauncher launcher = PluginLauncher.WithOwnIds();
        bool root = Credentials.EffectiveUserId == 0;
        if (root)
        {
            StartupRepairs.Apply(options.GroupId, Error);
            try
            {
                Credentials.SetGroups(options.GroupId);
                launcher = PluginLauncher.AsRootFor(options.UserId, options.GroupId);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Error(ErrorText.Of(e));
                root = false;
            }
        }
        else if (Credentials.RealUserId != options.UserId || Credentials.EffectiveUserId != options.UserId)
        {
            _ = DropTo(options);
        }
        List<string> entries;
        try
        {
            entries = PluginDirectory.Entries(options.PluginDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Plain words: the executable carries resource keys, not .NET's message texts.
            string reason = e switch
            {
                DirectoryNotFoundException => "No such file or directory",
                UnauthorizedAccessException => "Permission denied",
                _ => ErrorText.Of(e),
            };
            Error($"Could not open plugin dir {options.PluginDir}: {reason}");
            return Fallback(stdout, ExitCodes.Unavailable);
        }
        var race = new PluginRace(options, launcher, debug, Error);
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => race.TerminateAll());
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => race.TerminateAll());
        using PosixSignalRegistration hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => race.TerminateAll());
        int started = race.StartAll(entries);
        if (root && !DropTo(options))
        {
            // Root was needed only to start the plugins; we do not go on with it.
            race.TerminateAll();
            return ExitCodes.OsError;
        }
        if (started == 0)
        {
            Error("No plugin processes started. Incorrect plugin directory?");
            return Fallback(stdout, ExitCodes.Success);
        }
        try
        {
            return race.Finish(started, stdout) ? ExitCodes.Success : Fallback(stdout, ExitCodes.Success);
        }
        catch (IOException e)
        {
            Error($"Could not write the password: {ErrorText.Of(e)}");
            return ExitCodes.IoError;
        }
    }

    private static bool DropTo(RunnerOptions options)
    {
        try
        {
            Credentials.DropTo(options.UserId, options.GroupId);
            return true;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Error(ErrorText.Of(e));
            return false;
        }
    }

    /// <summary>Asks with getpass(3); the exit status stays the error that led here, if any.</summary>
    private static int Fallback(Stream stdout, int status)
    {
        bool answered = PasswordFallback.Ask(stdout);
        return answered || status != ExitCodes.Success ? status : ExitCodes.IoError;
    }

    private static string? ReadConfigFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"{path}: {ErrorText.Of(e, path)}");
        }
    }

    private static void Error(string message) => Console.Error.WriteLine($"{Name}: {message}");
}
