using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mandos.Integration.Tests.Harness;
using Tmds.DBus.Protocol;

namespace Mandos.Integration.Tests.BusApi;

/// <summary>
/// Our server's D-Bus API call for call against Debian's real server (upstream 1.8.16) with the
/// same clients.conf, on a private system bus that applies the shipped policy file.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed partial class ServerBusApiTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Config() => ClientsConf.Write(_dir.Sub("conf"),
    [
        keys.Debian.ClientSection.Replace("host = debian-made", "host = first.example", StringComparison.Ordinal),
        keys.Ours.ClientSection.Replace("[our-made]", "[our-made.host-2]", StringComparison.Ordinal) + "approval_delay = PT1M\napproval_duration = PT2S\n",
    ], "checker = true\ninterval = PT1H\n");

    private const string Debian = "/clients/debian_made";
    private const string Ours = "/clients/our_made_host_2";

    [Fact]
    public async Task IntrospectionDescribesTheSameMembersAsDebiansServer()
    {
        string conf = Config();
        var described = new Dictionary<string, string[]>();
        foreach (string which in new[] { BusServers.Ours, BusServers.Debians })
        {
            await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
            await using IMandosServer server = await BusServers.StartAsync(which, _dir, conf, bus);
            await using BusProbe probe = await BusProbe.ConnectAsync(bus);
            await BusServers.WaitForNameAsync(probe, server);
            described[which] = [.. Members(await probe.IntrospectAsync("/"), "/"), .. Members(await probe.IntrospectAsync(Debian), "client"),
                .. Members(await probe.IntrospectAsync("/clients"), "/clients")];
        }
        Assert.Equal(described[BusServers.Debians], described[BusServers.Ours]);
        Assert.Contains(described[BusServers.Ours], m => m.Contains("se.bsnet.fukt.Mandos.Client property Secret ay write [org.freedesktop.DBus.Property.EmitsChangedSignal=invalidates]"));
    }

    [Theory]
    [InlineData(BusServers.Ours)]
    [InlineData(BusServers.Debians)]
    public async Task PropertiesAndErrorsAreUpstreams(string which)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using IMandosServer server = await BusServers.StartAsync(which, _dir, Config(), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        string all = await probe.CallAsync(Ours, "org.freedesktop.DBus.Properties", "GetAll", "s", (ref MessageWriter w) => w.WriteString("se.recompile.Mandos.Client"));
        Assert.Equal(
            "{ApprovalDelay=60000, ApprovalDuration=2000, ApprovalPending=false, ApprovedByDefault=true, Checker=true, CheckerRunning=false, " +
            "Created=<time>, Enabled=true, Expires=<time>, ExtendedTimeout=900000, " +
            $"Fingerprint={Fingerprint(keys.Ours)}, Host=our-made, Interval=3600000, KeyID={keys.Ours.KeyId}, LastApprovalRequest=, " +
            "LastCheckedOK=, LastCheckerStatus=-2, LastEnabled=<time>, Name=our-made.host-2, ObjectPath=/clients/our_made_host_2, Timeout=300000}",
            MaskTimes(all));
        Assert.Equal("first.example", await probe.GetAsync(Debian, "Host"));
        // Upstream's order is its dict's, not clients.conf's: compare as sets.
        Assert.Equal([Debian, Ours], (await probe.CallAsync("/", "se.recompile.Mandos", "GetAllClients")).Trim('[', ']').Split(", ").Order(StringComparer.Ordinal));
        Assert.StartsWith("error org.freedesktop.DBus.Python.DBusPropertyAccessException: Secret", await probe.GetAsync(Debian, "Secret"));
        Assert.StartsWith("error org.freedesktop.DBus.Python.DBusPropertyAccessException: Name", await probe.SetAsync(Debian, "Name", VariantValue.String("x")));
        Assert.StartsWith("error org.freedesktop.DBus.Python.DBusPropertyNotFound", await probe.GetAsync(Debian, "NoSuchThing"));
        Assert.StartsWith("error org.freedesktop.DBus.Python.KeyError", await probe.CallAsync("/", "se.recompile.Mandos", "RemoveClient", "o",
            (ref MessageWriter w) => w.WriteObjectPath("/clients/nobody")));
        // The legacy interface answers the same.
        Assert.Equal("first.example", await probe.GetAsync(Debian, "Host", "se.bsnet.fukt.Mandos.Client"));
    }

    [Theory]
    [InlineData(BusServers.Ours)]
    [InlineData(BusServers.Debians)]
    public async Task WritingPropertiesChangesTheClientAndSignalsIt(string which)
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using IMandosServer server = await BusServers.StartAsync(which, _dir, Config(), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        Assert.Equal("", await probe.SetAsync(Debian, "Host", VariantValue.String("second.example")));
        Assert.Equal("second.example", await probe.GetAsync(Debian, "Host"));
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Debian} org.freedesktop.DBus.Properties.PropertiesChanged(se.recompile.Mandos.Client; {{Host=second.example}}; [])", "PropertiesChanged Host");
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Debian} se.recompile.Mandos.Client.PropertyChanged(Host; second.example)", "PropertyChanged Host");
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Debian} se.bsnet.fukt.Mandos.Client.PropertyChanged(Host; second.example)", "legacy PropertyChanged Host");

        Assert.Equal("", await probe.SetAsync(Debian, "Timeout", VariantValue.UInt64(600_000)));
        Assert.Equal("600000", await probe.GetAsync(Debian, "Timeout"));

        Assert.Equal("", await probe.SetAsync(Debian, "Enabled", VariantValue.Bool(false)));
        Assert.Equal("false", await probe.GetAsync(Debian, "Enabled"));
        Assert.Equal("", await probe.GetAsync(Debian, "Expires"));
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Debian} org.freedesktop.DBus.Properties.PropertiesChanged(se.recompile.Mandos.Client; {{Enabled=false}}; [])", "Enabled=false");

        Assert.Equal("", await probe.SetAsync(Debian, "Secret", VariantValue.Array(new byte[] { 1, 2, 3 })));
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Debian} org.freedesktop.DBus.Properties.PropertiesChanged(se.recompile.Mandos.Client; {{}}; [Secret])", "Secret invalidated");
        Assert.DoesNotContain(probe.Signals, s => s.Member == "PropertyChanged" && s.Arguments.StartsWith("Secret", StringComparison.Ordinal));

        probe.ClearSignals();
        Assert.Equal("", await probe.CallAsync(Ours, "se.recompile.Mandos.Client", "StartChecker"));
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Ours} se.recompile.Mandos.Client.CheckerStarted(true)", "CheckerStarted");
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Ours} se.bsnet.fukt.Mandos.Client.CheckerCompleted(0; 0; true)", "CheckerCompleted");
        await probe.WaitForSignalAsync(s => s.ToString() == $"{Ours} se.recompile.Mandos.Client.PropertyChanged(LastCheckerStatus; 0)", "LastCheckerStatus");
    }

    [Fact]
    public async Task RemovedClientLeavesTheBusAndStaysRemovedAfterRestart()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        string conf = Config();
        string state = _dir.Sub("state");
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await using (OurServer server = await OurServer.StartAsync(conf, state, bus))
        {
            await BusServers.WaitForNameAsync(probe, server);
            Assert.Equal("", await probe.CallAsync("/", "se.recompile.Mandos", "RemoveClient", "o", (ref MessageWriter w) => w.WriteObjectPath(Debian)));
            await probe.WaitForSignalAsync(s => s.ToString() ==
                $"/ org.freedesktop.DBus.ObjectManager.InterfacesRemoved({Debian}; [se.recompile.Mandos.Client, se.bsnet.fukt.Mandos.Client, org.freedesktop.DBus.Properties, org.freedesktop.DBus.Introspectable])",
                "InterfacesRemoved");
            await probe.WaitForSignalAsync(s => s.ToString() == $"/ se.bsnet.fukt.Mandos.ClientRemoved({Debian}; debian-made)", "ClientRemoved");
            Assert.Equal($"[{Ours}]", await probe.CallAsync("/", "se.recompile.Mandos", "GetAllClients"));
            // Removed means removed: it no longer gets its password.
            var refused = await Clients.OursAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(4), "--retry=1");
            Assert.True(refused.TimedOut);
            Assert.Empty(refused.Stdout);
            Assert.Contains("Client not found for key ID", server.Log);
            Assert.Contains($"/ se.recompile.Mandos.ClientNotFound({keys.Debian.KeyId}; 127.0.0.1)", probe.Signals.Select(s => s.ToString()));
        }
        await using OurServer again = await OurServer.StartAsync(conf, state, bus, "--restore");
        await BusServers.WaitForNameAsync(probe, again);
        Assert.Equal($"[{Ours}]", await probe.CallAsync("/", "se.recompile.Mandos", "GetAllClients"));
    }

    [Fact]
    public async Task MalformedCallsGetOneErrorEachAndTheServerServesOn()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);

        Assert.StartsWith("error org.freedesktop.DBus.Error.InvalidArgs: Timeout: expected milliseconds",
            await probe.SetAsync(Debian, "Timeout", VariantValue.String("five minutes")));
        Assert.StartsWith("error org.freedesktop.DBus.Error.InvalidArgs: Enabled: expected a boolean",
            await probe.SetAsync(Debian, "Enabled", VariantValue.UInt64(1)));
        Assert.StartsWith("error org.freedesktop.DBus.Error.UnknownMethod",
            await probe.CallAsync(Debian, "se.recompile.Mandos.Client", "Approve", "s", (ref MessageWriter w) => w.WriteString("yes")));
        Assert.StartsWith("error org.freedesktop.DBus.Error.UnknownMethod",
            await probe.CallAsync(Debian, "org.example.Nothing", "Frobnicate"));
        Assert.StartsWith("error org.freedesktop.DBus.Error.UnknownObject",
            await probe.CallAsync("/clients/nobody", "se.recompile.Mandos.Client", "Enable"));
        // Nothing changed, and the client is still served.
        Assert.Equal("300000", await probe.GetAsync(Debian, "Timeout"));
        Assert.Equal("true", await probe.GetAsync(Debian, "Enabled"));
        var run = await Clients.OursAsync(keys.Debian, server.Port, TimeSpan.FromSeconds(30), "--retry=1");
        Assert.Equal(keys.Debian.Password, run.StdoutText);
    }

    [Fact]
    public async Task NoDbusOptionKeepsTheServerOffTheBus()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"), bus, "--no-dbus");
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        // The server takes its bus name, if at all, before it logs that it listens.
        await server.WaitForLogAsync("Now listening on address");
        Assert.False(await probe.HasOwnerAsync(BusProbe.Service));
        Assert.False(await probe.HasOwnerAsync("se.bsnet.fukt.Mandos"));
    }

    [Fact]
    public async Task TakenBusNameDisablesDbusButTheServerServes()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        string conf = Config();
        await using DebianServer first = await DebianServer.StartAsync(_dir.Sub("debian"), conf, bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, first);
        await using OurServer ours = await OurServer.StartAsync(conf, _dir.Sub("state"), bus);
        var run = await Clients.OursAsync(keys.Debian, ours.Port, TimeSpan.FromSeconds(30), "--retry=1");
        Assert.Equal(keys.Debian.Password, run.StdoutText);
        Assert.Contains("Disabling D-Bus", ours.Log);
    }

    [Fact]
    public async Task PolicyLetsOnlyRootAndTheMandosGroupTalkToTheServer()
    {
        await using PrivateSystemBus bus = await PrivateSystemBus.StartAsync();
        await using OurServer server = await OurServer.StartAsync(Config(), _dir.Sub("state"), bus);
        await using BusProbe probe = await BusProbe.ConnectAsync(bus);
        await BusServers.WaitForNameAsync(probe, server);
        string[] call = ["--system", "--print-reply", "--dest=se.recompile.Mandos", "/", "org.freedesktop.DBus.ObjectManager.GetManagedObjects"];
        var asNobody = await ProcessRunner.RunAsync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dbus-send", .. call],
            TimeSpan.FromSeconds(20), bus.Environment.ToDictionary());
        Assert.NotEqual(0, asNobody.ExitCode);
        Assert.Contains("AccessDenied", asNobody.Stderr);
        var asMandosGroup = await ProcessRunner.RunAsync("setpriv", ["--reuid=nobody", "--regid=_mandos", "--clear-groups", "dbus-send", .. call],
            TimeSpan.FromSeconds(20), bus.Environment.ToDictionary());
        Assert.True(asMandosGroup.ExitCode == 0, asMandosGroup.Stderr);
        Assert.Contains("debian-made", asMandosGroup.StdoutText);
    }

    private static string Fingerprint(KeySet set) =>
        set.ClientSection.Split('\n').First(l => l.StartsWith("fingerprint = ", StringComparison.Ordinal))[14..].Trim().ToUpperInvariant();

    private static string MaskTimes(string text) => Timestamp().Replace(text, "<time>");

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?")]
    private static partial Regex Timestamp();

    /// <summary>Each member as "interface kind name types [annotations]", sorted: what callers rely on, not the XML layout.</summary>
    private static IEnumerable<string> Members(string xml, string where)
    {
        XElement node = XDocument.Parse(xml[xml.IndexOf('<', StringComparison.Ordinal)..]).Root!;
        var members = new List<string>();
        foreach (XElement child in node.Elements("node"))
        {
            members.Add($"{where} node {child.Attribute("name")!.Value}");
        }
        foreach (XElement iface in node.Elements("interface"))
        {
            string name = iface.Attribute("name")!.Value;
            members.Add($"{where} {name} {Annotations(iface)}");
            foreach (XElement member in iface.Elements().Where(e => e.Name != "annotation"))
            {
                string types = string.Join(",", member.Elements("arg").Select(a => (a.Attribute("direction")?.Value ?? "") + a.Attribute("type")!.Value));
                string access = member.Attribute("type") is XAttribute t ? $"{t.Value} {member.Attribute("access")?.Value}" : types;
                members.Add($"{where} {name} {member.Name} {member.Attribute("name")!.Value} {access} {Annotations(member)}");
            }
        }
        return members.Order(StringComparer.Ordinal);
    }

    private static string Annotations(XElement element) =>
        "[" + string.Join(",", element.Elements("annotation").Select(a => $"{a.Attribute("name")!.Value}={a.Attribute("value")!.Value}").Order(StringComparer.Ordinal)) + "]";
}
