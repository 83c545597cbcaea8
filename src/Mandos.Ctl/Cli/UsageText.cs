namespace Mandos.Ctl.Cli;

/// <summary>The usage line and --help text, laid out as upstream's (argparse) so scripts and eyes find the same thing.</summary>
internal static class UsageText
{
    public const string Program = "mandos-ctl";

    public const string Usage = """
        usage: mandos-ctl [-h] [--version] [-a] [-v] [-j] [-e | -d] [-b]
                          [--start-checker | --stop-checker] [-V] [-r] [-c COMMAND]
                          [-t TIME] [--extended-timeout TIME] [-i TIME]
                          [--approve-by-default | --deny-by-default]
                          [--approval-delay TIME] [--approval-duration TIME]
                          [-H STRING] [-s FILENAME] [-A | -D] [--debug] [--check]
                          [client ...]

        """;

    public const string Help = Usage + """

        positional arguments:
          client                Client name

        options:
          -h, --help            show this help message and exit
          --version             show version number and exit
          -a, --all             Select all clients
          -v, --verbose         Print all fields
          -j, --dump-json       Dump client data in JSON format
          -e, --enable          Enable client
          -d, --disable         disable client
          -b, --bump-timeout    Bump timeout for client
          --start-checker       Start checker for client
          --stop-checker        Stop checker for client
          -V, --is-enabled      Check if client is enabled
          -r, --remove          Remove client
          -c COMMAND, --checker COMMAND
                                Set checker command for client
          -t TIME, --timeout TIME
                                Set timeout for client
          --extended-timeout TIME
                                Set extended timeout for client
          -i TIME, --interval TIME
                                Set checker interval for client
          --approve-by-default  Set client to be approved by default
          --deny-by-default     Set client to be denied by default
          --approval-delay TIME
                                Set delay before client approve/deny
          --approval-duration TIME
                                Set duration of one client approval
          -H STRING, --host STRING
                                Set host for client
          -s FILENAME, --secret FILENAME
                                Set password blob (file) for client
          -A, --approve         Approve any current client request
          -D, --deny            Deny any current client request
          --debug               Debug mode (show D-Bus commands)
          --check               Run self-test

        """;

    public const string Version = "mandos-ctl 1.8.18\n";
}
