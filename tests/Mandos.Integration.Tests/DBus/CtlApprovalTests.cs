using System.Text.Json;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>
/// Our mandos-ctl answers a real client waiting for approval (Debian's mandos-client), and gives a
/// client a new secret, against Debian's server and ours.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class CtlApprovalTests(KeySetsFixture keys)
{
    [Theory]
    [MemberData(nameof(BusServerKind.Names), MemberType = typeof(BusServerKind))]
    public async Task ApproveReleasesTheSecretToAWaitingClient(string server)
    {
        // Denied by default after a minute: only an approval gets the password out in time.
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server),
            [keys.Debian.ClientSection + "\napproval_delay = PT60S\napproved_by_default = False\n"]);
        Task<ProcessRunner.Result> client = Clients.DebiansAsync(keys.Debian, controlled.Port, TimeSpan.FromSeconds(40),
            Path.Combine(controlled.Directory, "hooks"));
        await controlled.WaitForAsync(CtlProgram.Ours, Pending(keys.Debian.Name), "the client to wait for approval");

        ProcessRunner.Result approve = await controlled.RunAsync(CtlProgram.Ours, "--approve", keys.Debian.Name);
        Assert.True(approve.ExitCode == 0, approve.Stderr);
        ProcessRunner.Result got = await client;
        Assert.False(got.TimedOut, "the approved client got nothing:\n" + controlled.Log);
        Assert.Equal(keys.Debian.Password, got.StdoutText);
    }

    [Theory]
    [MemberData(nameof(BusServerKind.Names), MemberType = typeof(BusServerKind))]
    public async Task DenyGivesAWaitingClientNothing(string server)
    {
        // Approved by default after 20 s, well inside the client's 30: without the denial the client
        // would have its password then; the denial has those 20 s to arrive on a busy machine.
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server),
            [keys.Debian.ClientSection + "\napproval_delay = PT20S\napproved_by_default = True\n"]);
        Task<ProcessRunner.Result> client = Clients.DebiansAsync(keys.Debian, controlled.Port, TimeSpan.FromSeconds(30),
            Path.Combine(controlled.Directory, "hooks"), "--retry=60");
        await controlled.WaitForAsync(CtlProgram.Ours, Pending(keys.Debian.Name), "the client to wait for approval");

        ProcessRunner.Result deny = await controlled.RunAsync(CtlProgram.Ours, "--deny", keys.Debian.Name);
        Assert.True(deny.ExitCode == 0, deny.Stderr);
        ProcessRunner.Result got = await client;
        Assert.Empty(got.Stdout);
        Assert.True(got.TimedOut, $"the denied client ended ({got.ExitCode}): {got.Stderr}");
    }

    [Theory]
    [MemberData(nameof(BusServerKind.Names), MemberType = typeof(BusServerKind))]
    public async Task SecretFromAFileIsWhatTheClientGets(string server)
    {
        // The configured secret is not even OpenPGP: only the one --secret sends can be decrypted.
        await using ControlledServer controlled = await ControlledServer.StartAsync(BusServerKind.Named(server),
            [SectionWithSecret(keys.Debian.ClientSection, "bm90IGFuIE9wZW5QR1AgbWVzc2FnZQ==")]);
        string blob = Path.Combine(controlled.Directory, "secret.bin");
        await File.WriteAllBytesAsync(blob, SecretBytes(keys.Debian.ClientSection));

        ProcessRunner.Result set = await controlled.RunAsync(CtlProgram.Ours, "--secret", blob, keys.Debian.Name);
        Assert.True(set.ExitCode == 0, set.Stderr);
        ProcessRunner.Result got = await Clients.DebiansAsync(keys.Debian, controlled.Port, TimeSpan.FromSeconds(30),
            Path.Combine(controlled.Directory, "hooks"));
        Assert.Equal(keys.Debian.Password, got.StdoutText);
    }

    private static Func<JsonElement, bool> Pending(string name) => clients =>
        clients.TryGetProperty(name, out JsonElement client) && client.GetProperty("ApprovalPending").GetBoolean();

    // keygen's section: "secret =" then the base64 text on indented continuation lines.
    private static byte[] SecretBytes(string section) =>
        Convert.FromBase64String(string.Concat(SecretLines(section).Skip(1).Select(l => l.Trim())));

    private static string SectionWithSecret(string section, string base64)
    {
        var lines = section.Split('\n').ToList();
        var secret = SecretLines(section).ToList();
        int start = lines.IndexOf(secret[0]);
        lines.RemoveRange(start, secret.Count);
        lines.Insert(start, "secret = " + base64);
        return string.Join("\n", lines);
    }

    private static IEnumerable<string> SecretLines(string section)
    {
        string[] lines = section.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("secret =", StringComparison.Ordinal));
        yield return lines[start];
        for (int i = start + 1; i < lines.Length && lines[i].StartsWith(' '); i++)
        {
            yield return lines[i];
        }
    }
}
