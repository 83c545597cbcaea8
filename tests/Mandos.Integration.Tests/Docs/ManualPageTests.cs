using System.Text.RegularExpressions;
using Mandos.Integration.Tests.Harness;
using Mandos.Server.Config;

namespace Mandos.Integration.Tests.Docs;

/// <summary>
/// The manual pages in docs/man/ keep up with the programs: every long option a published
/// program lists in its --help is documented in its page, and every page names the version the
/// programs report.
/// </summary>
[Lane(Lane.Loopback)]
public sealed partial class ManualPageTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Programs => new()
    {
        "mandos", "mandos-client", "mandos-keygen", "mandos-ctl", "mandos-monitor",
        "plugin-runner", "password-prompt", "askpass-fifo", "plymouth", "splashy", "usplash", "password-agent",
    };

    /// <summary>The initramfs programs' pages are in section 8mandos, as upstream's.</summary>
    private static readonly HashSet<string> SectionEightMandos =
        ["mandos-client", "plugin-runner", "password-prompt", "askpass-fifo", "plymouth", "splashy", "usplash", "password-agent"];

    private static string PageOf(string program) => SectionEightMandos.Contains(program) ? $"{program}.8mandos" : $"{program}.8";

    public static TheoryData<string, string> Pages => new()
    {
        { "mandos.8", "mandos" },
        { "mandos-client.8mandos", "mandos-client" },
        { "mandos-keygen.8", "mandos-keygen" },
        { "mandos-ctl.8", "mandos-ctl" },
        { "mandos-monitor.8", "mandos-monitor" },
        { "mandos.conf.5", "mandos" },
        { "mandos-clients.conf.5", "mandos" },
        { "plugin-runner.8mandos", "plugin-runner" },
        { "plugin-runner.conf.5mandos", "plugin-runner" },
        { "intro.8mandos", "mandos" },
        { "password-prompt.8mandos", "password-prompt" },
        { "askpass-fifo.8mandos", "askpass-fifo" },
        { "plymouth.8mandos", "plymouth" },
        { "splashy.8mandos", "splashy" },
        { "usplash.8mandos", "usplash" },
        { "password-agent.8mandos", "password-agent" },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task EveryOptionInHelpIsInTheManualPage(string program)
    {
        ProcessRunner.Result help = await ProcessRunner.RunAsync(RepoPaths.Program(program), ["--help"], Limit);
        Assert.False(help.TimedOut, $"{program} --help did not finish");
        Assert.Equal(0, help.ExitCode);
        List<string> options = LongOption().Matches(help.StdoutText).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(options);

        string page = ReadPage(PageOf(program));
        List<string> missing = options.Where(option => !Mentions(page, option)).ToList();
        Assert.True(missing.Count == 0,
            $"docs/man/{PageOf(program)} does not document {string.Join(", ", missing)} (listed by {program} --help)");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task PageNamesTheProgramsVersion(string page, string program)
    {
        ProcessRunner.Result version = await ProcessRunner.RunAsync(RepoPaths.Program(program), ["--version"], Limit);
        Assert.Equal(0, version.ExitCode);
        Match number = VersionNumber().Match(version.StdoutText);
        Assert.True(number.Success, $"{program} --version printed no version number: \"{version.StdoutText.Trim()}\"");
        Assert.Equal("1.8.18", number.Value);

        string? title = ReadPage(page).Split('\n').FirstOrDefault(line => line.StartsWith(".TH ", StringComparison.Ordinal));
        Assert.NotNull(title);
        Assert.Contains(number.Value, title);
    }

    [Fact]
    public void EveryBuiltInClientKeyIsInTheClientsConfPage()
    {
        // The reader's built-in [DEFAULT] shows up in every client's options.
        ClientsConfig config = ClientsConfigReader.Parse("[c]\nkey_id = AB\nsecret = aGVsbG8=\n", "clients.conf");
        IEnumerable<string> keys = Assert.Single(config.Clients).Options.Keys
            .Concat(["key_id", "fingerprint", "secret", "secfile"]);

        string page = ReadPage("mandos-clients.conf.5");
        List<string> missing = keys.Where(key => !page.Contains($"\n.B {key}\n", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0,
            $"docs/man/mandos-clients.conf.5 has no entry for {string.Join(", ", missing)}");
    }

    /// <summary>The roff source with the escapes that commonly appear inside option names undone.</summary>
    private static string ReadPage(string name)
    {
        string path = Path.Combine(RepoPaths.Root, "docs", "man", name);
        Assert.True(File.Exists(path), $"{path} is missing");
        return File.ReadAllText(path)
            .Replace("\\-", "-", StringComparison.Ordinal)
            .Replace("\\_", "_", StringComparison.Ordinal)
            .Replace("\\&", "", StringComparison.Ordinal)
            .Replace("\\%", "", StringComparison.Ordinal);
    }

    // "--no-dbus" must be there in full: "--no" as the start of another option does not count.
    private static bool Mentions(string page, string option) =>
        Regex.IsMatch(page, Regex.Escape(option) + "(?![a-z0-9-])");

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex LongOption();

    [GeneratedRegex(@"\d+\.\d+\.\d+")]
    private static partial Regex VersionNumber();
}
