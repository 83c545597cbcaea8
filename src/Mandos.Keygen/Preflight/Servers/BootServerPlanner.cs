using Mandos.Client.Cli;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.PluginRunner.Cli;

namespace Mandos.Keygen.Preflight.Servers;

/// <summary>
/// Works out, from what the initramfs will hold, how its client will look for a server; the same
/// rules as the boot scripts and programs, with their own parsers:
/// <list type="bullet">
/// <item><c>--connect</c> given to <c>mandos-keygen --test</c> wins;</item>
/// <item>the kernel command line (this boot's, the best guess for the next): <c>mandos=off</c>
/// means no Mandos at all; <c>mandos=connect:ADDRESS:PORT</c> is appended to the client's options
/// by the init-premount script, so it wins over the configuration;</item>
/// <item>plugin-runner.conf (the initramfs's copy, else /etc/mandos's): mandos-client's
/// <c>--connect</c> and <c>--interface</c>, or <c>--disable=mandos-client</c>;</item>
/// <item>DEVICE from the initramfs's initramfs.conf comes first as <c>--interface</c>, as the
/// init-premount script puts it;</item>
/// <item>otherwise mDNS on every suitable interface that is up.</item>
/// </list>
/// </summary>
internal static class BootServerPlanner
{
    private const string Client = "mandos-client";

    /// <param name="connectOption"><c>--connect</c> of mandos-keygen, or null.</param>
    /// <param name="kernelCommandLine">The text of /proc/cmdline, or null when unreadable.</param>
    /// <param name="runnerConfig">plugin-runner.conf's text, or null when there is none.</param>
    /// <param name="runnerConfigOrigin">Where that text came from, for the report.</param>
    /// <param name="device">DEVICE from the initramfs's initramfs.conf, or null.</param>
    public static BootServerSearch Plan(string? connectOption, string? kernelCommandLine, string? runnerConfig, string runnerConfigOrigin,
        string? device)
    {
        if (connectOption is not null)
        {
            return new BootServerSearch(connectOption, [], "--connect");
        }
        string? cmdlineConnect = null;
        foreach (string word in (kernelCommandLine ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.StartsWith("mandos=", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (string option in word["mandos=".Length..].Split(','))
            {
                if (option == "off")
                {
                    return new BootServerSearch(null, [], "the kernel command line", "mandos=off on the kernel command line: the boot will not ask any Mandos server");
                }
                if (option.StartsWith("connect:", StringComparison.Ordinal))
                {
                    cmdlineConnect = option["connect:".Length..];
                }
            }
        }
        var arguments = new List<string>();
        if (!string.IsNullOrEmpty(device))
        {
            arguments.Add($"--interface={device}");
        }
        try
        {
            RunnerOptions runner = RunnerCommandLine.Parse([], _ => runnerConfig);
            if (runner.IsDisabled(Client))
            {
                return new BootServerSearch(null, [], runnerConfigOrigin, $"{runnerConfigOrigin} disables mandos-client: the boot will not ask any Mandos server");
            }
            arguments.AddRange(runner.Global.Arguments);
            arguments.AddRange(runner.For(Client).Arguments);
        }
        catch (Exception e) when (e is ConfigFileException or UsageException)
        {
            return new BootServerSearch(null, [], runnerConfigOrigin, $"plugin-runner would not start with {runnerConfigOrigin}: {ErrorText.Of(e)}");
        }
        if (cmdlineConnect is not null)
        {
            arguments.Add($"--connect={cmdlineConnect}");
        }
        ClientOptions client;
        try
        {
            client = ClientCommandLine.Parse(arguments.Where(a => a.Length > 0).ToList(), out _) ?? new ClientOptions();
        }
        catch (UsageException e)
        {
            return new BootServerSearch(null, [], runnerConfigOrigin, $"mandos-client would not start with the options from {runnerConfigOrigin}: {ErrorText.Of(e)}");
        }
        string source = cmdlineConnect is not null && client.Connect == cmdlineConnect ? "the kernel command line"
            : client.Connect is not null || client.Interfaces.Count > 0 ? runnerConfigOrigin
            : "no fixed server: the client's default";
        return new BootServerSearch(client.Connect, client.Interfaces.Where(i => i != Mandos.Client.Network.InterfaceSelector.None).ToList(), source);
    }
}
