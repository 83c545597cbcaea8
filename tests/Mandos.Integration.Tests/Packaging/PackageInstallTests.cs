using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Packaging;

/// <summary>
/// The packages of `make deb`, installed with apt into a throw-away Debian 12 chroot
/// (debian-chroot.sh: cached debootstrap layers, an overlay per run, private mount, PID and
/// network namespaces), or into that root booted with systemd as PID 1 (debian-chroot.sh --boot:
/// systemd-nspawn, private network). The scenario scripts beside this file do the checking
/// inside and print "FAIL: ..." with what they found; each step they pass prints "ok: ...".
/// </summary>
[Lane(Lane.Packaging)]
[Collection(BuiltPackagesCollection.Name)]
public sealed class PackageInstallTests(BuiltPackages packages)
{
    // A cold cache (debootstrap, then Debian's packages) takes about two minutes of that.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private static string Here => Path.Combine(RepoPaths.Root, "tests", "Mandos.Integration.Tests", "Packaging");

    [Fact]
    public async Task FreshInstallServesTheClientAndRemovesCleanly()
    {
        string output = await RunScenarioAsync("base", "scenario-fresh.sh");
        Assert.Contains("ok: _mandos system user and group", output);
        Assert.Contains("ok: files, links, modes, conffiles, manual pages, keys made by postinst", output);
        Assert.Contains("ok: installed server served the installed client its password", output);
        Assert.Contains("ok: dpkg --remove: programs gone, configuration and keys kept", output);
        Assert.Contains("ok: dpkg --purge: configuration, keys and state gone", output);
    }

    [Fact]
    public async Task UpgradeFromDebiansPackagesKeepsKeysAndClients()
    {
        string output = await RunScenarioAsync("debian", "scenario-replace.sh");
        Assert.Contains("ok: Debian's packages installed, two clients registered with Debian's mandos-keygen; Debian's server disabled one and saved its state", output);
        Assert.Contains("ok: Debian's mandos and mandos-client upgraded to ours", output);
        Assert.Contains("ok: keys and clients.conf kept", output);
        Assert.Contains("ok: installed server served the installed client its password", output);
        Assert.Contains("ok: our server took over Debian's clients.pickle and kept it as clients.pickle.migrated", output);
        Assert.Contains("ok: the client Debian's server disabled stays disabled under ours", output);
    }

    /// <summary>
    /// Every path `dpkg -L` lists for Debian's mandos and mandos-client 1.8.16 is in ours, or
    /// debian/not-shipped says why not (and lists no manual page, and nothing ours does ship).
    /// The D-Bus policy moved out of /etc: the upgrade removes Debian's conffile, or keeps it as
    /// .dpkg-bak when the administrator changed it.
    /// </summary>
    [Fact]
    public async Task UpgradeFromDebiansPackagesShipsEveryFileOfTheirsAndMovesTheDbusPolicy()
    {
        string output = await RunScenarioAsync("debian", "scenario-debian-files.sh");
        Assert.Contains("ok: Debian's mandos and mandos-client 1.8.16 installed, their file lists printed", output);
        Assert.Contains("ok: our mandos and mandos-client installed over Debian's, their file lists printed", output);
        Assert.Contains("ok: upgrade: Debian's unchanged /etc/dbus-1/system.d/mandos.conf removed, the policy is /usr/share/dbus-1/system.d/mandos.conf", output);
        Assert.Contains("ok: upgrade: a changed /etc/dbus-1/system.d/mandos.conf kept as /etc/dbus-1/system.d/mandos.conf.dpkg-bak", output);

        HashSet<string> debians = Listed(output, "debian-file");
        HashSet<string> ours = Listed(output, "our-file");
        // the lists are real: both packages' programs are in them
        Assert.Contains("/usr/sbin/mandos", debians);
        Assert.Contains("/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client", debians);
        Assert.Contains("/usr/sbin/mandos", ours);
        Assert.Contains("/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client", ours);

        IReadOnlyDictionary<string, string> notShipped = NotShippedList.Read();
        List<string> missing = debians.Where(p => p != "/." && !ours.Contains(p) && !notShipped.ContainsKey(p))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"Debian's packages install these paths, ours do not, and {NotShippedList.FilePath} does not say why:\n{string.Join("\n", missing)}");
        List<string> pages = notShipped.Keys.Where(p => p.StartsWith("/usr/share/man/", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count == 0, $"{NotShippedList.FilePath} lists manual pages, which ours must all have: {string.Join(", ", pages)}");
        List<string> stale = notShipped.Keys.Where(p => ours.Contains(p) || !debians.Contains(p)).ToList();
        Assert.True(stale.Count == 0,
            $"{NotShippedList.FilePath} lists paths that ours do ship or Debian's do not: {string.Join(", ", stale)}");
    }

    /// <summary>On a system without systemd, /etc/init.d/mandos starts, restarts and stops the installed server.</summary>
    [Fact]
    public async Task SysvInitScriptStartsRestartsAndStopsTheServer()
    {
        string output = await RunScenarioAsync("base", "scenario-sysvinit.sh");
        Assert.Contains("ok: postinst registered /etc/init.d/mandos in the runlevels; not running yet", output);
        Assert.Contains("ok: /etc/init.d/mandos start: the server runs with /etc/default/mandos's options and CONFIGDIR, and served the client", output);
        Assert.Contains("ok: /etc/init.d/mandos restart and force-reload: a new server, serving", output);
        Assert.Contains("ok: /etc/init.d/mandos stop: the server saved its state and exited; status says not running", output);
        Assert.Contains("ok: dpkg --purge: the init script and its runlevel links gone", output);
    }

    [Fact]
    public async Task DowngradeToDebiansPackagesKeepsKeysAndClientsAndServes()
    {
        string output = await RunScenarioAsync("debian", "scenario-downgrade.sh");
        Assert.Contains("ok: Debian's packages installed, a client registered, their .debs kept for the way back", output);
        Assert.Contains("ok: ours served the client; a second client registered with our mandos-keygen", output);
        Assert.Contains("ok: back to Debian's mandos and mandos-client: Debian's programs, none of ours left", output);
        Assert.Contains("ok: keys and clients.conf kept", output);
        Assert.Contains("ok: Debian's server served Debian's client both passwords, past our clients.json, and saved its state", output);
    }

    [Fact]
    public async Task ServiceOnBootedDebianStartsServesAndStopsCleanly()
    {
        string output = await RunScenarioAsync("server", "scenario-service.sh", boot: true);
        Assert.Contains("ok: postinst enabled and started mandos.service", output);
        Assert.Contains("ok: systemctl start mandos.service: active (running), Type=notify readiness reached", output);
        Assert.Contains("ok: the server owns se.recompile.Mandos on the system bus", output);
        Assert.Contains("ok: mandos-ctl lists the client mandos-keygen registered", output);
        Assert.Contains("ok: the installed client got its password from the service", output);
        Assert.Contains("ok: the server's log is in the journal once, the password is not", output);
        Assert.Contains("ok: the server announced itself through avahi-daemon", output);
        Assert.Contains("ok: mandos-preflight.timer is installed but not enabled", output);
        Assert.Contains("ok: systemctl start mandos-preflight.service: failed, the reasons at warning priority in the journal", output);
        Assert.Contains("ok: with a drop-in, mandos-preflight.service succeeds: the server's passphrase opens /srv/disk.img", output);
        Assert.Contains("ok: systemctl stop mandos.service: Result=success, state saved in /var/lib/mandos/clients.json", output);
    }

    /// <summary>The paths of the scenario's "LABEL: PATH" lines.</summary>
    private static HashSet<string> Listed(string output, string label) =>
        output.Split('\n').Where(l => l.StartsWith(label + ": ", StringComparison.Ordinal))
            .Select(l => l[(label.Length + 2)..].TrimEnd('\r')).ToHashSet(StringComparer.Ordinal);

    private async Task<string> RunScenarioAsync(string layer, string scenario, bool boot = false)
    {
        List<string> arguments = [Path.Combine(Here, "debian-chroot.sh")];
        if (boot)
        {
            arguments.Add("--boot");
        }
        arguments.AddRange([layer, packages.Directory, Path.Combine(Here, "common.sh"), Path.Combine(Here, scenario)]);
        ProcessRunner.Result run = await ProcessRunner.RunAsync("bash", arguments, Limit);
        Assert.False(run.TimedOut, $"{scenario} did not finish within {Limit}:\n{run.StdoutText}\n{run.Stderr}");
        Assert.True(run.ExitCode == 0, $"{scenario} failed ({run.ExitCode}):\n{run.StdoutText}\n{run.Stderr}");
        return run.StdoutText;
    }
}
