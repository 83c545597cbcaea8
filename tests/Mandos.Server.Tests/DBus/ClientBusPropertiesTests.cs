using Mandos.Server.DBus;
using Mandos.Server.Tests.Clients;
using Tmds.DBus.Protocol;
using Xunit;

namespace Mandos.Server.Tests.DBus;

/// <summary>Writing a client property over D-Bus does what upstream's does (docs/compatibility.md, "D-Bus API" and "Timers").</summary>
[Lane(Lane.Unit)]
public sealed class ClientBusPropertiesTests
{
    private static void Write(ClientFixture f, string name, VariantValue value) => ClientBusProperties.Find(name)!.Write!(f.Client, value);

    private static BusValue Read(ClientFixture f, string name) => ClientBusProperties.Find(name)!.Read!(f.Client);

    [Fact]
    public void HasExactlyUpstreamsPropertiesWithTheirTypesAndAccess()
    {
        Assert.Equal(
            "ApprovalDelay t ReadWrite, ApprovalDuration t ReadWrite, ApprovalPending b Read, ApprovedByDefault b ReadWrite, " +
            "CheckerRunning b ReadWrite, Checker s ReadWrite, Created s Read, Enabled b ReadWrite, Expires s Read, " +
            "ExtendedTimeout t ReadWrite, Fingerprint s Read, Host s ReadWrite, Interval t ReadWrite, KeyID s Read, " +
            "LastApprovalRequest s Read, LastCheckedOK s ReadWrite, LastCheckerStatus n Read, LastEnabled s Read, Name s Read, " +
            "ObjectPath o Read, Secret ay Write, Timeout t ReadWrite",
            string.Join(", ", ClientBusProperties.All.Select(p => $"{p.Name} {p.Signature} {p.Access}")));
        Assert.Null(ClientBusProperties.Find("Secret")!.Read);
    }

    [Fact]
    public void EnabledFalseDisablesAndTrueEnablesAgain()
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        int saves = 0;
        f.Client.EnabledChanged += _ => saves++;
        Write(f, "Enabled", VariantValue.Bool(false));
        Assert.False(f.Client.Settings.Enabled);
        Assert.Equal(BusValue.Of(""), Read(f, "Expires"));
        Write(f, "Enabled", VariantValue.Bool(true));
        Assert.True(f.Client.Settings.Enabled);
        Assert.Equal(BusValue.Of(f.Now + TimeSpan.FromMinutes(4)), Read(f, "Expires"));
        Assert.Equal(2, saves);
    }

    [Fact]
    public void TimeoutMovesExpiryAndAPastExpiryDisables()
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        DateTime expires = f.Client.Expires!.Value;
        Write(f, "Timeout", VariantValue.UInt64(600_000));
        Assert.Equal(expires + TimeSpan.FromMinutes(5), f.Client.Expires);
        Write(f, "Timeout", VariantValue.UInt64(1));
        Assert.False(f.Client.Settings.Enabled);
    }

    [Fact]
    public void LastCheckedOkWriteCountsAsASuccessfulCheck()
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        f.Advance(TimeSpan.FromMinutes(3));
        Write(f, "LastCheckedOK", VariantValue.String(""));
        Assert.Equal(f.Now, f.Client.LastCheckedOk);
        Assert.Equal(f.Now + TimeSpan.FromMinutes(5), f.Client.Expires);
    }

    [Fact]
    public void SettingsAreStoredAndAnnounced()
    {
        using var f = new ClientFixture();
        int changes = 0;
        f.Client.StateChanged += _ => changes++;
        Write(f, "Host", VariantValue.String("bar.example"));
        Write(f, "Checker", VariantValue.String("true"));
        Write(f, "ApprovalDelay", VariantValue.UInt64(30_000));
        Write(f, "ApprovalDuration", VariantValue.UInt32(2_000));
        Write(f, "ApprovedByDefault", VariantValue.Bool(false));
        Write(f, "ExtendedTimeout", VariantValue.UInt64(3_600_000));
        Write(f, "Secret", VariantValue.Array(new byte[] { 9, 8 }));
        Assert.Equal(("bar.example", "true", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), false, TimeSpan.FromHours(1)),
            (f.Client.Settings.Host, f.Client.Settings.Checker, f.Client.Settings.ApprovalDelay, f.Client.Settings.ApprovalDuration, f.Client.Settings.ApprovedByDefault, f.Client.Settings.ExtendedTimeout));
        Assert.Equal(new byte[] { 9, 8 }, f.Client.Secret);
        Assert.Equal(7, changes);
    }

    [Fact]
    public void CheckerRunningStartsAndStopsTheChecker()
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        Write(f, "CheckerRunning", VariantValue.Bool(true));
        Assert.True(f.Client.CheckerRunning);
        Assert.Equal(BusValue.Of(true), Read(f, "CheckerRunning"));
        Write(f, "CheckerRunning", VariantValue.Bool(false));
        Assert.False(f.Client.CheckerRunning);
    }

    [Theory]
    [InlineData("Enabled")]
    [InlineData("Timeout")]
    [InlineData("Secret")]
    public void WrongTypeIsRefusedAndChangesNothing(string name)
    {
        using var f = new ClientFixture();
        f.Client.Start(new Random(1));
        var before = (f.Client.Settings.Enabled, f.Client.Settings.Timeout, f.Client.Secret);
        Assert.Throws<BusArgumentException>(() => Write(f, name, VariantValue.Double(1.5)));
        Assert.Equal(before, (f.Client.Settings.Enabled, f.Client.Settings.Timeout, f.Client.Secret));
    }

    [Fact]
    public void NegativeMillisecondsAreRefused()
    {
        using var f = new ClientFixture();
        Assert.Throws<BusArgumentException>(() => Write(f, "Interval", VariantValue.Int64(-5)));
    }

    [Fact]
    public void DurationsAreWholeMillisecondsAndTimestampsAlwaysHaveMicroseconds()
    {
        Assert.Equal(new BusValue("t", 1500UL), BusValue.Of(TimeSpan.FromTicks(15_009_999)));
        Assert.Equal("2026-11-26T12:00:00.000000", BusTime.Format(new DateTime(2026, 11, 26, 12, 0, 0)));
        Assert.Equal("2026-11-26T12:00:00.123456", BusTime.Format(new DateTime(2026, 11, 26, 12, 0, 0).AddTicks(1_234_567)));
        Assert.Equal("", BusTime.Format(null));
    }
}
