using Mandos.Keygen.Preflight.Servers;

namespace Mandos.Keygen.Tests.Preflight.Servers;

/// <summary>How the boot's client would look for its server, from the same inputs the boot scripts read.</summary>
[Lane(Lane.Unit)]
public sealed class BootServerPlannerTests
{
    private const string Conf = "the plugin-runner.conf in /boot/initrd.img-6.1.0";

    [Fact]
    public void NothingConfiguredMeansMdnsOnEverySuitableInterface()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "BOOT_IMAGE=/vmlinuz root=/dev/mapper/root ro quiet", "", Conf, null);

        Assert.Null(search.Connect);
        Assert.Empty(search.Interfaces);
        Assert.Null(search.Problem);
        Assert.Contains("every suitable interface", search.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheConnectOptionWinsOverEverything()
    {
        BootServerSearch search = BootServerPlanner.Plan("192.0.2.9:7000", "mandos=off",
            "--options-for=mandos-client:--connect=192.0.2.1:1", Conf, "eth1");

        Assert.Equal(("192.0.2.9:7000", "--connect", (string?)null), (search.Connect, search.Source, search.Problem));
    }

    [Fact]
    public void TheKernelCommandLinesConnectWinsOverTheConfiguration()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "quiet mandos=connect:[2001:db8::1]:7000 ip=dhcp",
            "--options-for=mandos-client:--connect=192.0.2.1:1", Conf, null);

        Assert.Equal("[2001:db8::1]:7000", search.Connect);
        Assert.Equal("the kernel command line", search.Source);
    }

    [Fact]
    public void PluginRunnerConfGivesTheServerAndTheInterfacesAfterDevice()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "mandos=connect ip=dhcp",
            "# comment\n--options-for=mandos-client:--connect=192.0.2.5:9999\n--options-for=mandos-client:--interface=eth2\n", Conf, "eth1");

        Assert.Null(search.Problem);
        Assert.Equal("192.0.2.5:9999", search.Connect);
        Assert.Equal(["eth1", "eth2"], search.Interfaces);
        Assert.Equal(Conf, search.Source);
    }

    [Fact]
    public void MandosOffOnTheKernelCommandLineIsAProblem()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "ro mandos=connect,off", null, Conf, null);

        Assert.Contains("mandos=off", search.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientDisabledInPluginRunnerConfIsAProblem()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "", "--disable=mandos-client\n", Conf, null);

        Assert.Contains("disables mandos-client", search.Problem, StringComparison.Ordinal);
        Assert.Contains(Conf, search.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigurationPluginRunnerWouldRefuseIsAProblemNamingIt()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "", "--no-such-option\n", Conf, null);

        Assert.Contains("plugin-runner would not start", search.Problem, StringComparison.Ordinal);
        Assert.Contains(Conf, search.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AClientOptionTheClientWouldRefuseIsAProblem()
    {
        BootServerSearch search = BootServerPlanner.Plan(null, "", "--options-for=mandos-client:--retry=soon\n", Conf, null);

        Assert.Contains("mandos-client would not start", search.Problem, StringComparison.Ordinal);
    }
}
