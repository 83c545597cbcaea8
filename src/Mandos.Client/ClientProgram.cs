using Mandos.Client.Cli;
using Mandos.Client.Separation;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Core.Logging;
using Mandos.Core.Posix;

namespace Mandos.Client;

/// <summary>
/// <c>mandos-client</c>: finds a Mandos server, fetches and decrypts the password and prints it.
/// It runs as two processes: the root side (<see cref="RootSide"/>: network hooks, interfaces,
/// temporary routes) and the network side (<see cref="NetworkSide"/>: keys, discovery, TLS,
/// OpenPGP), which the root side starts as the unprivileged user it was run for.
/// </summary>
public static class ClientProgram
{
    public const string Name = "mandos-client";
    public const string Prefix = "Mandos plugin mandos-client: ";

    public static int Run(string[] args)
    {
        ClientOptions? options;
        try
        {
            options = ClientCommandLine.Parse(args, out string? exitText);
            if (options is null)
            {
                Console.Out.WriteLine(exitText);
                return ExitCodes.Success;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{Prefix}{ErrorText.Of(e)}");
            Console.Error.WriteLine("Try `mandos-client --help' or `mandos-client --usage' for more information.");
            return ExitCodes.Usage;
        }
        var log = new Log(options.Debug ? LogLevel.Debug : LogLevel.Warning, new ConsoleSink((_, m) => Prefix + m));
        try
        {
            return Environment.GetEnvironmentVariable(WorkerProcess.ChannelVariable) is string channel
                ? NetworkSide.Run(options, channel, log)
                : RootSide.RunAsync(options, args, log).GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            log.Error(ErrorText.Of(e));
            return ExitCodes.Usage;
        }
        catch (KeyFileException e)
        {
            log.Error(ErrorText.Of(e));
            return ExitCodes.Unavailable;
        }
    }
}
