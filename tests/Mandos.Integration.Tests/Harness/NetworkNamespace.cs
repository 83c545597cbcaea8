using System.Diagnostics;
using System.Net;

namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A named network namespace of the test's own, <c>mandos-test-PID-RANDOM</c>, with its loopback
/// up: programs run in it through <c>ip netns exec</c> and see only its links (veth pairs the
/// test makes with <see cref="ConnectAsync"/> or a <see cref="VirtualLan"/>). Deleted at
/// dispose, with whatever still runs inside killed; namespaces left behind by a test run that
/// died (its PID gone) are deleted by the next one. Needs root.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    public const string Prefix = "mandos-test-";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(10);
    private static int _swept;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        if (Interlocked.Exchange(ref _swept, 1) == 0)
        {
            await DeleteAbandonedAsync();
        }
        var ns = new NetworkNamespace($"{Prefix}{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
        await RunIpAsync("netns", "add", ns.Name);
        try
        {
            await ns.IpAsync("link", "set", "lo", "up");
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
        return ns;
    }

    /// <summary>
    /// A veth pair: <paramref name="name"/> in this namespace, <paramref name="peerName"/> in
    /// <paramref name="peer"/>; both up, multicast on, and with no automatic IPv6 address (so no
    /// duplicate address detection delays the test: <see cref="AddLinkLocalAddressesAsync"/> gives fixed ones).
    /// With <paramref name="automaticIPv6"/>, <paramref name="name"/> gets the kernel's own
    /// link-local address instead, usable at once when this namespace has duplicate address
    /// detection off (<see cref="SysctlAsync"/>) before the pair is made.
    /// </summary>
    public async Task ConnectAsync(string name, NetworkNamespace peer, string peerName, bool automaticIPv6 = false)
    {
        await IpAsync("link", "add", name, "type", "veth", "peer", "name", peerName, "netns", peer.Name);
        await PrepareLinkAsync(name, automaticIPv6);
        await peer.PrepareLinkAsync(peerName, automaticIPv6: false);
    }

    /// <summary>
    /// 169.254.<paramref name="subnet"/>.<paramref name="host"/>/24 and
    /// fe80::<paramref name="subnet"/>:<paramref name="host"/>/64 (no duplicate address detection)
    /// on <paramref name="link"/>: link-local, as a client's initramfs network often has. Links of
    /// one namespace need different subnets.
    /// </summary>
    public async Task<(IPAddress V4, IPAddress V6)> AddLinkLocalAddressesAsync(string link, int host, int subnet = 77)
    {
        if (host is < 1 or > 254 || subnet is < 1 or > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(host));
        }
        var v4 = IPAddress.Parse($"169.254.{subnet}.{host}");
        var v6 = IPAddress.Parse($"fe80::{subnet}:{host}");
        await IpAsync("address", "add", $"{v4}/24", "dev", link, "scope", "link");
        await IpAsync("address", "add", $"{v6}/64", "dev", link, "nodad");
        return (v4, v6);
    }

    /// <summary>What to put before a command line to run it in this namespace.</summary>
    public string[] ExecPrefix => ["ip", "netns", "exec", Name];

    /// <summary>The command line that runs <paramref name="file"/> in this namespace.</summary>
    public string[] Command(string file, params IEnumerable<string> args) => [.. ExecPrefix, file, .. args];

    /// <summary>Runs a program in this namespace to completion, as <see cref="ProcessRunner.RunAsync"/>.</summary>
    public Task<ProcessRunner.Result> RunAsync(string file, IEnumerable<string> args, TimeSpan limit,
        IDictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync("ip", Command(file, args)[1..], limit, environment);

    /// <summary>Starts a program in this namespace and leaves it running, as <see cref="ProcessRunner.Start"/>.</summary>
    public BackgroundProcess Start(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        ProcessRunner.Start("ip", Command(file, args)[1..], environment);

    /// <summary>Runs <c>ip</c> in this namespace (<c>ip -n NAME …</c>); fails the test when it fails.</summary>
    public Task IpAsync(params string[] args) => RunIpAsync(["-n", Name, .. args]);

    /// <summary>Sets kernel parameters of this namespace (<c>sysctl -w</c>, e.g. <c>net.ipv4.conf.all.rp_filter=0</c>); fails the test when that fails.</summary>
    public async Task SysctlAsync(params string[] settings)
    {
        ProcessRunner.Result run = await RunAsync("sysctl", ["-qw", .. settings], CommandLimit);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"sysctl {string.Join(' ', settings)} in {Name} failed ({run.ExitCode}): {run.Stderr.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillProcessesInsideAsync(Name);
        await ProcessRunner.RunAsync("ip", ["netns", "delete", Name], CommandLimit);
    }

    private async Task PrepareLinkAsync(string link, bool automaticIPv6)
    {
        if (!automaticIPv6)
        {
            await IpAsync("link", "set", "dev", link, "addrgenmode", "none");
        }
        await IpAsync("link", "set", "dev", link, "multicast", "on", "up");
    }

    private static async Task RunIpAsync(params string[] args)
    {
        ProcessRunner.Result run = await ProcessRunner.RunAsync("ip", args, CommandLimit);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({run.ExitCode}): {run.Stderr.Trim()}");
        }
    }

    private static async Task KillProcessesInsideAsync(string name)
    {
        ProcessRunner.Result pids = await ProcessRunner.RunAsync("ip", ["netns", "pids", name], CommandLimit);
        foreach (string pid in pids.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using Process process = Process.GetProcessById(int.Parse(pid));
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Namespaces named by a test process that no longer exists.</summary>
    private static async Task DeleteAbandonedAsync()
    {
        ProcessRunner.Result list = await ProcessRunner.RunAsync("ip", ["netns", "list"], CommandLimit);
        foreach (string line in list.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ')[0];
            string[] parts = name.Length > Prefix.Length && name.StartsWith(Prefix, StringComparison.Ordinal)
                ? name[Prefix.Length..].Split('-')
                : [];
            if (parts.Length == 2 && int.TryParse(parts[0], out int pid) && !Directory.Exists($"/proc/{pid}"))
            {
                await KillProcessesInsideAsync(name);
                await ProcessRunner.RunAsync("ip", ["netns", "delete", name], CommandLimit);
            }
        }
    }
}
