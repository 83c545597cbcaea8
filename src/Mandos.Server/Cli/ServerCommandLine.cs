using Mandos.Core.CommandLine;

namespace Mandos.Server.Cli;

/// <summary>
/// The server's options as upstream's argparse accepts them. Only options actually given
/// override mandos.conf; <c>--configdir</c> comes only from here.
/// </summary>
public static class ServerCommandLine
{
    public const string Version = "mandos 1.8.18";

    private static readonly OptionSpec[] Specs =
    [
        new("help", 'h'),
        new("version", 'v'),
        new("interface", 'i', TakesValue: true),
        new("address", 'a', TakesValue: true),
        new("port", 'p', TakesValue: true),
        new("check"),
        new("debug"),
        new("debuglevel", TakesValue: true),
        new("priority", TakesValue: true),
        new("servicename", TakesValue: true),
        new("configdir", TakesValue: true),
        new("no-dbus"),
        new("no-ipv6"),
        new("no-restore"),
        new("statedir", TakesValue: true),
        new("socket", TakesValue: true),
        new("foreground"),
        new("no-zeroconf"),
    ];

    public static ParsedOptions Parse(IReadOnlyList<string> args)
    {
        ParsedOptions o = OptionParser.Parse(args, Specs);
        if (o.Positionals.Count > 0)
        {
            throw new UsageException($"unrecognized arguments: {string.Join(' ', o.Positionals)}");
        }
        int? port = o.GetInt("port");
        if (port is < 0 or > 65535)
        {
            throw new UsageException($"argument -p/--port: invalid port {port}");
        }
        if (o.GetInt("socket") is < 0)
        {
            throw new UsageException("argument --socket: must be a file descriptor number");
        }
        return o;
    }

    public const string HelpText = """
        usage: mandos [-h] [-v] [-i INTERFACE] [-a ADDRESS] [-p PORT] [--check]
                      [--debug] [--debuglevel {CRITICAL,ERROR,WARNING,INFO,DEBUG}]
                      [--priority PRIORITY] [--servicename NAME]
                      [--configdir CONFIGDIR] [--no-dbus] [--no-ipv6] [--no-restore]
                      [--statedir DIR] [--socket SOCKET] [--foreground]
                      [--no-zeroconf]

        options:
          -h, --help            show this help message and exit
          -v, --version         show program's version number and exit
          -i INTERFACE, --interface INTERFACE
                                Bind to interface IF
          -a ADDRESS, --address ADDRESS
                                Address to listen for requests on
          -p PORT, --port PORT  Port number to receive requests on
          --check               Run self-test
          --debug               Debug mode; run in foreground and log to terminal
          --debuglevel {CRITICAL,ERROR,WARNING,INFO,DEBUG}
                                Debug level for stdout output
          --priority PRIORITY   GnuTLS priority string (accepted; TLS 1.3 with raw
                                public keys is always used)
          --servicename NAME    Zeroconf service name
          --configdir CONFIGDIR
                                Directory to search for configuration files
          --no-dbus             Do not provide D-Bus system bus interface
          --no-ipv6             Do not use IPv6
          --no-restore          Do not restore stored state
          --statedir DIR        Directory to save/restore state in
          --socket SOCKET       Specify a file descriptor to a network socket to use
                                instead of creating one
          --foreground          Run in foreground
          --no-zeroconf         Do not use Zeroconf
        """;
}
