using Mandos.Keygen.Preflight.Network;

namespace Mandos.Keygen.Preflight.Servers;

/// <summary>
/// Turns what the probe found into the <c>server</c> and <c>secret</c> lines: a server that gave
/// the secret makes both ok (other servers' troubles are then warnings: the boot takes the first
/// secret); otherwise each server's trouble is a failure with its possible causes and fixes.
/// </summary>
internal static class ServerCheck
{
    private const string Server = "server";
    private const string Secret = "secret";

    public static List<CheckResult> Describe(BootServerSearch search, ProbeResult probe, string keyId, string keyDirectory)
    {
        var results = new List<CheckResult>();
        bool unlocked = probe.Secret is not null;
        foreach (ProbeReport report in probe.Reports)
        {
            if (report.Server is null || report.Outcome is null)
            {
                results.Add(CheckResult.Failed(Server, $"{report.Detail}; searched: {search.Describe()}", NoServerFix(search)));
                continue;
            }
            string name = report.Server;
            switch (report.Outcome.Value)
            {
                case ProbeOutcome.Secret when !unlocked:
                    results.Add(CheckResult.Failed(Secret, $"{name} was reported to have sent the secret, but none came from the network probe",
                        "run the test again; if it says so again, report it"));
                    break;
                case ProbeOutcome.Secret:
                    results.Add(CheckResult.Ok(Server, $"{name} answered; searched: {search.Describe()}"));
                    results.Add(CheckResult.Ok(Secret, $"{name} sent this client's secret ({report.Detail}) and it decrypts with {keyDirectory}/seckey.txt"));
                    break;
                case ProbeOutcome.Unreachable:
                    results.Add(Trouble(unlocked, Server, $"could not talk to {name}: {report.Detail}; searched: {search.Describe()}",
                        $"check that mandos runs on {name}, listens on that port, and that no firewall between here and there drops it"));
                    break;
                case ProbeOutcome.Silent:
                    results.Add(CheckResult.Ok(Server, $"{name} answered; searched: {search.Describe()}"));
                    results.Add(Trouble(unlocked, Secret, $"{name} accepted this client but sent nothing: {report.Detail}; it may be waiting for someone to approve the client",
                        $"on the server, approve it (mandos-ctl --approve NAME) or give its clients.conf section approved_by_default = True or a shorter approval_delay"));
                    break;
                case ProbeOutcome.Refused:
                    results.Add(CheckResult.Ok(Server, $"{name} answered; searched: {search.Describe()}"));
                    results.Add(Trouble(unlocked, Secret,
                        $"{name} refused this client (key_id {keyId}): it does not know that key_id, the client is disabled (a checker failed, or by hand), or its approval was denied",
                        $"on the server, mandos-ctl --verbose shows whether a client has key_id {keyId} and whether it is enabled; mandos-ctl --enable NAME enables it; an unknown client needs the section mandos-keygen --password prints on this host in clients.conf"));
                    break;
                case ProbeOutcome.Undecryptable:
                    results.Add(CheckResult.Ok(Server, $"{name} answered; searched: {search.Describe()}"));
                    results.Add(Trouble(unlocked, Secret, $"the secret {name} sent does not decrypt: {report.Detail}",
                        $"the client's section in the server's clients.conf was made for other keys: run mandos-keygen --password on this host and put its output there instead"));
                    break;
            }
        }
        if (results.Count == 0)
        {
            results.Add(CheckResult.Failed(Server, $"no server answered; searched: {search.Describe()}", NoServerFix(search)));
        }
        if (!results.Exists(r => r.Check == Secret))
        {
            results.Add(NotAsked("no server answered"));
        }
        return results;
    }

    /// <summary>Why the secret was not asked for at all: no server, so it was not.</summary>
    public static CheckResult NotAsked(string why) => CheckResult.Failed(Secret, $"not asked for: {why}", "fix the server check first");

    private static CheckResult Trouble(bool unlockedElsewhere, string check, string message, string fix) =>
        unlockedElsewhere ? CheckResult.Warning(check, message, fix) : CheckResult.Failed(check, message, fix);

    private static string NoServerFix(BootServerSearch search) => search.Connect is not null
        ? $"check that mandos runs on {search.Connect} and that this host can reach it; the address comes from {search.Source}"
        : "check that the server runs and announces itself (avahi-browse -rt _mandos._tcp shows it there) and that multicast reaches this host, "
          + "or name the server: --options-for=mandos-client:--connect=ADDRESS:PORT in /etc/mandos/plugin-runner.conf (then update-initramfs -u) "
          + "or mandos=connect:ADDRESS:PORT on the kernel command line";
}
