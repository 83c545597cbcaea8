using System.Globalization;
using Mandos.Core.CommandLine;
using Mandos.Core.Config;
using Mandos.Server.Config;

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
        new("max-connections", TakesValue: true),
        new("max-connections-per-host", TakesValue: true),
        new("connection-timeout", TakesValue: true),
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
        _ = ConnectionCount(o, "max-connections");
        _ = ConnectionCount(o, "max-connections-per-host");
        _ = ConnectionTimeout(o);
        return o;
    }

    /// <summary>A --max-connections or --max-connections-per-host value, or null when not given.</summary>
    public static int? ConnectionCount(ParsedOptions o, string name)
    {
        string? text = o.Get(name);
        if (text is null)
        {
            return null;
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= ServerSettings.ConnectionsCeiling
            ? n
            : throw new UsageException($"argument --{name}: expected a whole number from 1 to {ServerSettings.ConnectionsCeiling}, not '{text}'");
    }

    /// <summary>The --connection-timeout value (a duration such as 30s or PT30S), or null when not given.</summary>
    public static TimeSpan? ConnectionTimeout(ParsedOptions o)
    {
        string? text = o.Get("connection-timeout");
        if (text is null)
        {
            return null;
        }
        return DurationParser.TryParse(text, out TimeSpan value) && value > TimeSpan.Zero && value <= ServerSettings.ConnectionTimeoutCeiling
            ? value
            : throw new UsageException($"argument --connection-timeout: expected a duration such as 30s, 2m or PT45S, more than zero and at most one day, not '{text}'");
    }

    public const string HelpText = """
        usage: mandos [-h] [-v] [-i INTERFACE] [-a ADDRESS] [-p PORT] [--check]
                      [--debug] [--debuglevel {CRITICAL,ERROR,WARNING,INFO,DEBUG}]
                      [--priority PRIORITY] [--servicename NAME]
                      [--configdir CONFIGDIR] [--no-dbus] [--no-ipv6] [--no-restore]
                      [--statedir DIR] [--socket SOCKET] [--foreground]
                      [--no-zeroconf] [--max-connections N]
                      [--max-connections-per-host N]
                      [--connection-timeout DURATION]

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
          --max-connections N   Connections open at once; when full, the longest
                                waiting unidentified one is closed for a newcomer
                                (default 4096)
          --max-connections-per-host N
                                Connections open at once from one IPv4 address or
                                IPv6 /64 (default 256)
          --connection-timeout DURATION
                                Limit for each phase of a connection, not the
                                approval wait (default 30s)
        """;
}
