using Mandos.Core.CommandLine;
using Mandos.Core.Logging;
using Mandos.Server.Cli;
using Mandos.Server.Config;
using Mandos.Server.Hosting;

// Linux only: process groups, signals, SO_BINDTODEVICE, setuid.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Mandos.Server;

public static class Program
{
    public static int Main(string[] args)
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
                return Daemon.StartChild(args);
            }
            Log log = LogSetup.ForServer(settings);
            try
            {
                return new ServerHost(settings, configDir, log).RunAsync().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                // Expected failures (config, socket in use, permissions) read well as their message;
                // anything else is named by type. The stack goes to the debug log only.
                bool expected = e is ConfigException or IOException or UnauthorizedAccessException or PrivilegeDropException
                    or System.Net.Sockets.SocketException or ArgumentException;
                string message = expected ? e.Message : $"unexpected {e.GetType().Name}: {e.Message}";
                log.Critical(message);
                log.Debug(e.ToString());
                Console.Error.WriteLine($"mandos: {message}");
                return 1;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("usage: mandos [-h] [-v] [-i INTERFACE] [-a ADDRESS] [-p PORT] [--check] ...");
            Console.Error.WriteLine($"mandos: error: {e.Message}");
            return 2;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"mandos: {e.Message}");
            return 1;
        }
    }
}
