using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Server.Cli;
using Mandos.Server.Config;
using Mandos.Server.Hosting;
using Mandos.Server.Listener;

// Linux only: process groups, signals, SO_BINDTODEVICE, setuid.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Mandos.Server;

public static class Program
{
    public static int Main(string[] args) => TopLevelGuard.Run("mandos", "running the server", args, () => Serve(args));

    private static int Serve(string[] args)
    {
        ParsedOptions options;
        ServerSettings settings;
        try
        {
            options = ServerCommandLine.Parse(args);
            if (options.Has("help"))
            {
                Console.Out.WriteLine(ServerCommandLine.HelpText);
                return 0;
            }
            if (options.Has("version"))
            {
                Console.Out.WriteLine(ServerCommandLine.Version);
                return 0;
            }
            string configDir = options.Get("configdir") ?? "/etc/mandos";
            settings = SettingsFromCommandLine.Apply(ServerSettingsReader.Read(Path.Combine(configDir, "mandos.conf")), options);
            if (options.Has("check"))
            {
                return SelfCheck.Run(Console.Out);
            }
            if (!settings.Zeroconf && settings.Port is null && settings.Socket is null)
            {
                throw new UsageException("Needs port or socket to work without Zeroconf");
            }
            if (!settings.RunsInForeground && !Daemon.IsChild)
            {
                return Daemon.StartChild(args, settings.Socket);
            }
            Log log = LogSetup.ForServer(settings);
            try
            {
                return new ServerHost(settings, configDir, log).RunAsync().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                // Our own failures (config, privileges) read as their message, the runtime's as
                // their cause (ErrorText: never a resource key). The stack goes to the debug log only.
                string message = e is ConfigException or PrivilegeDropException or ListenerException
                    ? e.Message
                    : TopLevelGuard.Sentence("mandos", "running the server", e)["mandos: ".Length..];
                log.Critical(message);
                log.Debug(e.ToString());
                Console.Error.WriteLine($"mandos: {message}");
                return 1;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("usage: mandos [-h] [-v] [-i INTERFACE] [-a ADDRESS] [-p PORT] [--check] ...");
            Console.Error.WriteLine($"mandos: error: {ErrorText.Of(e)}");
            return 2;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"mandos: {ErrorText.Of(e)}");
            return 1;
        }
    }
}
