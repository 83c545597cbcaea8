namespace Mandos.Ctl.Cli;

/// <summary>Every option of mandos-ctl, in the order of upstream's --help.</summary>
internal static class CtlOptions
{
    public static readonly CtlOption Help = new("help", 'h');
    public static readonly CtlOption Version = new("version");
    public static readonly CtlOption All = new("all", 'a');
    public static readonly CtlOption Verbose = new("verbose", 'v');
    public static readonly CtlOption DumpJson = new("dump-json", 'j');
    public static readonly CtlOption Enable = new("enable", 'e', ExclusiveGroup: "enable");
    public static readonly CtlOption Disable = new("disable", 'd', ExclusiveGroup: "enable");
    public static readonly CtlOption BumpTimeout = new("bump-timeout", 'b');
    public static readonly CtlOption StartChecker = new("start-checker", ExclusiveGroup: "checker");
    public static readonly CtlOption StopChecker = new("stop-checker", ExclusiveGroup: "checker");
    public static readonly CtlOption IsEnabled = new("is-enabled", 'V');
    public static readonly CtlOption Remove = new("remove", 'r');
    public static readonly CtlOption Checker = new("checker", 'c', "COMMAND");
    public static readonly CtlOption Timeout = new("timeout", 't', "TIME");
    public static readonly CtlOption ExtendedTimeout = new("extended-timeout", Metavar: "TIME");
    public static readonly CtlOption Interval = new("interval", 'i', "TIME");
    public static readonly CtlOption ApproveByDefault = new("approve-by-default", ExclusiveGroup: "by-default");
    public static readonly CtlOption DenyByDefault = new("deny-by-default", ExclusiveGroup: "by-default");
    public static readonly CtlOption ApprovalDelay = new("approval-delay", Metavar: "TIME");
    public static readonly CtlOption ApprovalDuration = new("approval-duration", Metavar: "TIME");
    public static readonly CtlOption Host = new("host", 'H', "STRING");
    public static readonly CtlOption Secret = new("secret", 's', "FILENAME");
    public static readonly CtlOption Approve = new("approve", 'A', ExclusiveGroup: "approve");
    public static readonly CtlOption Deny = new("deny", 'D', ExclusiveGroup: "approve");
    public static readonly CtlOption Debug = new("debug");
    public static readonly CtlOption Check = new("check");

    public static IReadOnlyList<CtlOption> InHelpOrder { get; } =
    [
        Help, Version, All, Verbose, DumpJson, Enable, Disable, BumpTimeout, StartChecker, StopChecker,
        IsEnabled, Remove, Checker, Timeout, ExtendedTimeout, Interval, ApproveByDefault, DenyByDefault,
        ApprovalDelay, ApprovalDuration, Host, Secret, Approve, Deny, Debug, Check,
    ];
}
