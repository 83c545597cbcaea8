using Mandos.Core.CommandLine;
using Mandos.Ctl.Cli;
using Mandos.Ctl.Commands;
using Mandos.Testing.Files;
using Tmds.DBus.Protocol;

namespace Mandos.Ctl.Tests.Cli;

/// <summary>
/// Command lines accepted and refused as upstream's argparse-based mandos-ctl does; the expected
/// messages are what Debian's mandos-ctl prints after "mandos-ctl: error: ".
/// </summary>
[Lane(Lane.Unit)]
public sealed class CtlCommandLineTests
{
    [Theory]
    [InlineData("--bogus", "unrecognized arguments: --bogus")]
    [InlineData("-x", "unrecognized arguments: -x")]
    [InlineData("a -e b", "unrecognized arguments: b")]
    [InlineData("-e", "Options require clients names or --all.")]
    [InlineData("--is-enabled", "Options require clients names or --all.")]
    [InlineData("-t 5", "Options require clients names or --all.")]
    [InlineData("-a", "--all requires an action.")]
    [InlineData("-v -e x", "--verbose can only be used alone.")]
    [InlineData("-j -v", "--dump-json can only be used alone.")]
    [InlineData("-j -e x", "--dump-json can only be used alone.")]
    [InlineData("-j -j", "--dump-json can only be used alone.")]
    [InlineData("-V a b", "--is-enabled requires exactly one client")]
    [InlineData("-r -e x", "--remove can only be combined with --deny")]
    [InlineData("-r -r x", "--remove can only be combined with --deny")]
    [InlineData("-e -d x", "argument -d/--disable: not allowed with argument -e/--enable")]
    [InlineData("-e x -d y", "argument -d/--disable: not allowed with argument -e/--enable")]
    [InlineData("--start-checker --stop-checker x", "argument --stop-checker: not allowed with argument --start-checker")]
    [InlineData("-A -D x", "argument -D/--deny: not allowed with argument -A/--approve")]
    [InlineData("--approve-by-default --deny-by-default x", "argument --deny-by-default: not allowed with argument --approve-by-default")]
    [InlineData("--bogus -e -d x", "argument -d/--disable: not allowed with argument -e/--enable")]
    [InlineData("-t", "argument -t/--timeout: expected one argument")]
    [InlineData("-c -x foo", "argument -c/--checker: expected one argument")]
    [InlineData("--ver", "ambiguous option: --ver could match --version, --verbose")]
    [InlineData("--app x", "ambiguous option: --app could match --approve-by-default, --approval-delay, --approval-duration, --approve")]
    [InlineData("--h", "ambiguous option: --h could match --help, --host")]
    [InlineData("-ex foo", "argument -e/--enable: ignored explicit argument 'x'")]
    [InlineData("--all=foo", "argument -a/--all: ignored explicit argument 'foo'")]
    [InlineData("-s /nonexistent x", "argument -s/--secret: can't open '/nonexistent': [Errno 2] No such file or directory: '/nonexistent'")]
    [InlineData("-s /tmp x", "argument -s/--secret: can't open '/tmp': [Errno 21] Is a directory: '/tmp'")]
    public void RefusedAsUpstreamRefuses(string commandLine, string message)
    {
        var e = Assert.Throws<UsageException>(() => Parse(commandLine));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-v")]
    [InlineData("-j")]
    [InlineData("-j foo")]
    [InlineData("-v a b")]
    [InlineData("-e -b --all")]
    [InlineData("-e -e x")]
    [InlineData("-D -r x")]
    [InlineData("-r -D x")]
    [InlineData("-V x")]
    [InlineData("-V -a")]
    [InlineData("-Ae x")]
    [InlineData("-tPT5M x")]
    [InlineData("--timeout=PT5M x")]
    [InlineData("--time 5 x")]
    [InlineData("--is-en x")]
    [InlineData("-- -e")]
    [InlineData("-e -- x")]
    [InlineData("-c \"-x y\" x")]
    [InlineData("-t -5 x")]
    [InlineData("-s /dev/null x")]
    public void AcceptedAsUpstreamAccepts(string commandLine) => Parse(commandLine);

    [Fact]
    public void ActionsRunInCommandLineOrderWithTheirValues()
    {
        CtlRequest request = Parse("-d -t PT1M -H h -c ls -i PT2S --extended-timeout PT3S --approval-delay PT4S --approval-duration PT5S --start-checker -b x y");
        var changes = request.Commands.Cast<PropertyChange>().Select(c => (c.Property, c.Value.ToString())).ToArray();
        Assert.Equal(new[]
        {
            ("Enabled", VariantValue.Bool(false).ToString()), ("Timeout", VariantValue.UInt64(60000).ToString()),
            ("Host", VariantValue.String("h").ToString()), ("Checker", VariantValue.String("ls").ToString()),
            ("Interval", VariantValue.UInt64(2000).ToString()), ("ExtendedTimeout", VariantValue.UInt64(3000).ToString()),
            ("ApprovalDelay", VariantValue.UInt64(4000).ToString()), ("ApprovalDuration", VariantValue.UInt64(5000).ToString()),
            ("CheckerRunning", VariantValue.Bool(true).ToString()), ("LastCheckedOK", VariantValue.String("").ToString()),
        }, changes);
        Assert.Equal(["x", "y"], request.ClientNames);
    }

    [Fact]
    public void DenyMovesAheadOfRemove()
    {
        CtlRequest request = Parse("-r -D x");
        Assert.Collection(request.Commands,
            c => Assert.False(Assert.IsType<ApprovalAnswer>(c).Approve),
            c => Assert.IsType<ClientRemoval>(c));
    }

    [Fact]
    public void NoCommandShowsTheTableVerboseWhenAsked()
    {
        Assert.False(Assert.IsType<ClientTable>(Assert.Single(Parse("x").Commands)).Verbose);
        Assert.True(Assert.IsType<ClientTable>(Assert.Single(Parse("-v").Commands)).Verbose);
    }

    [Fact]
    public void SecretIsTheFilesRawBytes()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string file = dir.File("secret");
        File.WriteAllBytes(file, [0, 1, 0xff, (byte)'\n']);
        var change = Assert.IsType<PropertyChange>(Assert.Single(Parse($"-s {file} x").Commands));
        Assert.Equal("Secret", change.Property);
        Assert.Equal(new byte[] { 0, 1, 0xff, (byte)'\n' }, change.Value.GetArray<byte>());
    }

    [Fact]
    public void HelpAndVersionWinWhenReached()
    {
        Assert.Equal(UsageText.Help, Assert.Throws<CommandLineExit>(() => Parse("-e -h")).Text);
        Assert.Equal("mandos-ctl 1.8.18\n", Assert.Throws<CommandLineExit>(() => Parse("--version -e -d")).Text);
        // An error met before --version wins over it.
        Assert.Throws<UsageException>(() => Parse("-e -d --version"));
    }

    [Theory]
    [InlineData("--check", true)]
    [InlineData("-e --check -d", true)]
    [InlineData("--che", true)]
    [InlineData("--c", true)]
    [InlineData("-- --check", false)]
    [InlineData("--checker x", false)]
    [InlineData("-c", false)]
    public void CheckIsFoundAnywhereBeforeDoubleDash(string commandLine, bool wanted) =>
        Assert.Equal(wanted, CtlCommandLine.WantsBuiltInChecks(Split(commandLine)));

    [Fact]
    public void TimeFallbackWarnsOncePerArgument()
    {
        var warnings = new List<string>();
        CtlCommandLine.Parse(Split("-t 5 -i PT1M --approval-delay 1h x"), warnings.Add);
        string[] expected =
        [
            "Invalid RFC 3339 duration: \"5\" - Parsing as pre-1.6.1 interval instead",
            "Invalid RFC 3339 duration: \"1h\" - Parsing as pre-1.6.1 interval instead",
        ];
        Assert.Equal(expected, warnings);
    }

    private static CtlRequest Parse(string commandLine) => CtlCommandLine.Parse(Split(commandLine), _ => { });

    // Words separated by spaces; "double quotes" keep spaces.
    private static string[] Split(string commandLine) =>
        System.Text.RegularExpressions.Regex.Matches(commandLine, "\"[^\"]*\"|\\S+")
            .Select(m => m.Value.Trim('"')).ToArray();
}
