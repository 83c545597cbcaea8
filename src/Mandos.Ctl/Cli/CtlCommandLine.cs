using Mandos.Core.CommandLine;
using Mandos.Ctl.Commands;
using Mandos.Ctl.Output;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Cli;

/// <summary>
/// Reads mandos-ctl's command line with upstream's rules (docs/compatibility.md, "mandos-ctl"): options become
/// commands in command-line order; -e/-d, --start-checker/--stop-checker,
/// --approve-by-default/--deny-by-default and -A/-D exclude each other; then the combination
/// rules; then any --deny moves ahead of --remove, and with no command the table is shown.
/// </summary>
internal static class CtlCommandLine
{
    /// <summary>True when the command line asks for the built-in checks (--check anywhere, as upstream).</summary>
    public static bool WantsBuiltInChecks(IReadOnlyList<string> args)
    {
        foreach (string arg in args)
        {
            if (arg == "--")
            {
                return false;
            }
            if (arg.Length >= 3 && "--check".StartsWith(arg, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <exception cref="UsageException">The command line is refused; the message is argparse's.</exception>
    /// <exception cref="CommandLineExit">--help or --version.</exception>
    public static CtlRequest Parse(IReadOnlyList<string> args, Action<string> warn)
    {
        var commands = new List<ClientCommand>();
        var groups = new Dictionary<string, CtlOption>();
        bool all = false, verbose = false, debug = false;
        var scanner = new ArgumentScanner(CtlOptions.InHelpOrder);
        scanner.Scan(args, (option, value) =>
        {
            ClientCommand? command = CommandFor(option, value, warn);
            if (option.ExclusiveGroup is { } group)
            {
                if (groups.TryGetValue(group, out CtlOption? earlier) && earlier != option)
                {
                    throw new UsageException($"argument {option.DisplayName}: not allowed with argument {earlier.DisplayName}");
                }
                groups[group] = option;
            }
            if (command is not null)
            {
                commands.Add(command);
            }
            else if (option == CtlOptions.Help)
            {
                throw new CommandLineExit(UsageText.Help);
            }
            else if (option == CtlOptions.Version)
            {
                throw new CommandLineExit(UsageText.Version);
            }
            all |= option == CtlOptions.All;
            verbose |= option == CtlOptions.Verbose;
            debug |= option == CtlOptions.Debug;
        });
        IReadOnlyList<string> clients = scanner.Positionals;
        CheckCombination(commands, clients, all, verbose);
        return new CtlRequest(InRunningOrder(commands, verbose), clients, all, debug);
    }

    private static ClientCommand? CommandFor(CtlOption option, string? value, Action<string> warn)
    {
        ulong Time() => TimeArgument.ParseMilliseconds(value!, option, warn);
        return option.Long switch
        {
            "dump-json" => new JsonDump(),
            "enable" => new PropertyChange("Enabled", true),
            "disable" => new PropertyChange("Enabled", false),
            "bump-timeout" => new PropertyChange("LastCheckedOK", ""),
            "start-checker" => new PropertyChange("CheckerRunning", true),
            "stop-checker" => new PropertyChange("CheckerRunning", false),
            "is-enabled" => new EnabledQuery(),
            "remove" => new ClientRemoval(),
            "checker" => new PropertyChange("Checker", value!),
            "timeout" => new PropertyChange("Timeout", Time()),
            "extended-timeout" => new PropertyChange("ExtendedTimeout", Time()),
            "interval" => new PropertyChange("Interval", Time()),
            "approve-by-default" => new PropertyChange("ApprovedByDefault", true),
            "deny-by-default" => new PropertyChange("ApprovedByDefault", false),
            "approval-delay" => new PropertyChange("ApprovalDelay", Time()),
            "approval-duration" => new PropertyChange("ApprovalDuration", Time()),
            "host" => new PropertyChange("Host", value!),
            "secret" => new PropertyChange("Secret", new Array<byte>(SecretFile.Read(value!, option)).AsVariantValue()),
            "approve" => new ApprovalAnswer(true),
            "deny" => new ApprovalAnswer(false),
            _ => null,
        };
    }

    // Upstream's check_option_syntax, in its order.
    private static void CheckCombination(List<ClientCommand> commands, IReadOnlyList<string> clients, bool all, bool verbose)
    {
        bool hasActions = commands.Any(c => c.IsAction);
        if (hasActions && clients.Count == 0 && !all)
        {
            throw new UsageException("Options require clients names or --all.");
        }
        if (verbose && hasActions)
        {
            throw new UsageException("--verbose can only be used alone.");
        }
        if (commands.Any(c => c is JsonDump) && (verbose || commands.Count > 1))
        {
            throw new UsageException("--dump-json can only be used alone.");
        }
        if (all && !hasActions)
        {
            throw new UsageException("--all requires an action.");
        }
        if (commands.Any(c => c is EnabledQuery) && clients.Count > 1)
        {
            throw new UsageException("--is-enabled requires exactly one client");
        }
        if (commands.Count > 1 && commands.Any(c => c is ClientRemoval)
            && !commands.Any(c => c is ApprovalAnswer { Approve: false }))
        {
            throw new UsageException("--remove can only be combined with --deny");
        }
    }

    // A --deny after the first --remove runs just before it: deny the waiting request, then remove.
    private static List<ClientCommand> InRunningOrder(List<ClientCommand> commands, bool verbose)
    {
        int remove = commands.FindIndex(c => c is ClientRemoval);
        if (remove < 0)
        {
            return commands.Count > 0 ? commands : [new ClientTable(verbose)];
        }
        var before = commands.Take(remove).ToList();
        var after = commands.Skip(remove).ToList();
        before.AddRange(after.Where(c => c is ApprovalAnswer { Approve: false }));
        before.AddRange(after.Where(c => c is not ApprovalAnswer { Approve: false }));
        return before;
    }
}
