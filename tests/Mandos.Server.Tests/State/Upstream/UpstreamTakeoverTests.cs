using System.Text;
using Mandos.Core.OpenPgp;
using Mandos.Server.Config;
using Mandos.Server.State;
using Mandos.Server.State.Upstream;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.State.Upstream;

/// <summary>
/// Taking over the state Debian's mandos 1.8.16 saved (Data/debian-1.8.16-clients.pickle, from
/// the sections in Data/debian-1.8.16-clients.conf). Before it stopped: alpha and gamma passed
/// their checker (interval 1 s); beta was disabled with <c>mandos-ctl --disable</c>; delta was
/// removed with <c>mandos-ctl --remove</c>; epsilon's checker (<c>false</c>) failed and Debian's
/// server disabled it; gamma's secret was set to "changed at run time" over D-Bus.
/// </summary>
[Lane(Lane.Unit)]
public sealed class UpstreamTakeoverTests : IDisposable
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "State", "Data");

    /// <summary>Just after Debian's server stopped: no client's timeout has run out yet.</summary>
    private static readonly DateTime Soon = new(2026, 12, 3, 15, 51, 0, DateTimeKind.Utc);

    private readonly TempDir _dir = new("mandos-upstream-");

    public void Dispose() => _dir.Dispose();

    private static string ConfText => File.ReadAllText(Path.Combine(DataDirectory, "debian-1.8.16-clients.conf"));

    private static IReadOnlyList<ClientSection> Config(string text) => ClientsConfigReader.Parse(text, "clients.conf").Clients;

    private UpstreamStateFile CopySample()
    {
        File.Copy(Path.Combine(DataDirectory, "debian-1.8.16-clients.pickle"), Path.Combine(_dir.Path, UpstreamStateFile.FileName));
        return new UpstreamStateFile(_dir.Path);
    }

    private (StateMergeResult Merged, UpstreamTakeover Takeover) TakeOver(string conf, DateTime now)
    {
        IReadOnlyList<ClientSection> config = Config(conf);
        UpstreamTakeover takeover = CopySample().Load(config, now);
        Assert.Null(takeover.Saved.Warning);
        return (StateMerger.Merge(config, takeover.Saved, now), takeover);
    }

    private static RestoredClient Client(StateMergeResult merged, string name) => merged.Clients.Single(c => c.Section.Name == name);

    [Fact]
    public void EveryClientKeepsWhatDebiansServerLeft()
    {
        var (merged, takeover) = TakeOver(ConfText, Soon);

        Assert.Empty(takeover.Warnings);
        Assert.Contains("4 clients", takeover.Saved.Note, StringComparison.Ordinal);
        Assert.Equal(["alpha", "beta", "gamma", "epsilon"], merged.Clients.Select(c => c.Section.Name));
        Assert.Equal("delta", Assert.Single(merged.Removed).Name);
        Assert.Empty(merged.Warnings);

        var alpha = Client(merged, "alpha").State;
        Assert.True(alpha.Settings.Enabled);
        Assert.Equal(new DateTime(2026, 12, 3, 15, 50, 3, DateTimeKind.Utc).AddTicks(9464390), alpha.LastCheckedOk);
        Assert.Equal(new DateTime(2026, 12, 3, 15, 55, 3, DateTimeKind.Utc).AddTicks(9469910), alpha.Expires);
        Assert.Equal(0, alpha.LastCheckerStatus);
        Assert.Equal(new DateTime(2026, 12, 3, 15, 49, 56, DateTimeKind.Utc).AddTicks(3217120), alpha.Created);
        Assert.Equal(Encoding.UTF8.GetBytes("secret of alpha"), Client(merged, "alpha").Secret);

        var beta = Client(merged, "beta");
        Assert.False(beta.State.Settings.Enabled); // disabled by mandos-ctl, and clients.conf still says enabled
        Assert.True(beta.State.Applied.Enabled);
        Assert.Null(beta.State.Expires);
        Assert.Equal(TimeSpan.FromHours(2), beta.State.Settings.Timeout);
        Assert.False(beta.State.Settings.ApprovedByDefault);
        Assert.Equal(TimeSpan.FromSeconds(30), beta.State.Settings.ApprovalDelay);
        Assert.Equal(beta.Section.Settings, beta.State.Applied); // upstream's view of the section is ours

        var epsilon = Client(merged, "epsilon").State;
        Assert.False(epsilon.Settings.Enabled);
        Assert.Equal(1, epsilon.LastCheckerStatus);

        var gamma = Client(merged, "gamma");
        Assert.Equal("changed at run time"u8.ToArray(), gamma.Secret);
        Assert.NotNull(gamma.State.EncryptedSecret); // sealed our way for clients.json
    }

    [Fact]
    public void AfterTheTimeoutsRanOutOnlyClientsWhoseLastCheckerPassedStayEnabled()
    {
        DateTime later = Soon.AddHours(1);

        var (merged, _) = TakeOver(ConfText, later);

        var alpha = Client(merged, "alpha").State;
        Assert.True(alpha.Settings.Enabled);
        Assert.Equal(later + TimeSpan.FromMinutes(5), alpha.Expires);
        Assert.False(Client(merged, "beta").State.Settings.Enabled);
        Assert.False(Client(merged, "epsilon").State.Settings.Enabled);
    }

    [Fact]
    public void AnEditedSettingWinsAndAnUneditedEnabledKeepsTheDisable()
    {
        string edited = ConfText.Replace("timeout = PT2H", "timeout = PT3H", StringComparison.Ordinal);

        var (merged, _) = TakeOver(edited, Soon);

        var beta = Client(merged, "beta").State;
        Assert.Equal(TimeSpan.FromHours(3), beta.Settings.Timeout);
        Assert.False(beta.Settings.Enabled);
    }

    [Fact]
    public void ANewSectionStartsFreshAndAGoneOneIsDropped()
    {
        string conf = ConfText.Replace("[alpha]", "[alpha-renamed]", StringComparison.Ordinal);

        var (merged, _) = TakeOver(conf, Soon);

        var renamed = Client(merged, "alpha-renamed").State;
        Assert.Equal(Soon, renamed.Created);
        Assert.Null(renamed.LastCheckedOk);
        Assert.DoesNotContain(merged.Clients, c => c.Section.Name == "alpha");
    }

    [Fact]
    public void ASecretChangedInClientsConfWinsWithAWarningNamingTheClient()
    {
        string conf = ConfText.Replace("secret = c2VjcmV0IG9mIGdhbW1h", "secret = bmV3IGdhbW1h", StringComparison.Ordinal);

        var (merged, takeover) = TakeOver(conf, Soon);

        Assert.Equal("new gamma"u8.ToArray(), Client(merged, "gamma").Secret);
        string warning = Assert.Single(takeover.Warnings);
        Assert.Contains("gamma", warning, StringComparison.Ordinal);
        Assert.Contains(UpstreamStateFile.FileName, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTakenOverFileIsKeptAsMigratedReadableOnlyByItsOwner()
    {
        UpstreamStateFile file = CopySample();
        File.SetUnixFileMode(file.FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Null(file.MarkMigrated());

        Assert.False(File.Exists(file.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.MigratedPath));
    }

    [Fact]
    public void ARefusedFileIsMovedAsideReadableOnlyByItsOwnerWithOneWarning()
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, UpstreamStateFile.FileName), [0x80, 2, (byte)'c', .. "os\nsystem\n"u8]);
        var file = new UpstreamStateFile(_dir.Path);

        UpstreamTakeover takeover = file.Load(Config(ConfText), Soon);

        Assert.Empty(takeover.Saved.Clients);
        Assert.Empty(takeover.Saved.Removed);
        Assert.Equal(
            $"Upstream's saved state {file.FilePath} names os.system, which upstream's state does not use (refused) (at byte 2); moved it to {file.CorruptPath}",
            takeover.Saved.Warning);
        Assert.False(File.Exists(file.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.CorruptPath));
    }

    /// <summary>A FIFO would hang the start, /dev/zero reports length 0 and never ends: neither is read.</summary>
    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    public void SomethingOtherThanARegularFileIsRefusedWithoutReadingIt(string kind)
    {
        string path = Path.Combine(_dir.Path, UpstreamStateFile.FileName);
        if (kind == "fifo")
        {
            Assert.Equal(0, Mandos.Core.Interop.Libc.MkFifo(path, 0b110_000_000));
        }
        else
        {
            File.CreateSymbolicLink(path, kind);
        }
        var file = new UpstreamStateFile(_dir.Path);

        UpstreamTakeover takeover = file.Load(Config(ConfText), Soon);

        Assert.Empty(takeover.Saved.Clients);
        Assert.Equal($"Upstream's saved state {file.FilePath} is not a regular file; moved it to {file.CorruptPath}", takeover.Saved.Warning);
    }

    [Fact]
    public void AStateOfAnotherShapeIsRefused()
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, UpstreamStateFile.FileName), Convert.FromHexString("80024e2e")); // None
        var file = new UpstreamStateFile(_dir.Path);

        Assert.Contains("pair of clients and client settings", file.Load(Config(ConfText), Soon).Saved.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongSecretsPassphraseIsUpstreamsEscapedRawForm()
    {
        // Data/long-secret.gpg: gpg --symmetric with upstream's passphrase for this 1100-byte secret
        // ("mandos" + 2200 hex digits would pass gpg's 2048-byte limit).
        byte[] secret = [.. Enumerable.Range(0, 1100).Select(i => (byte)(i % 256))];
        byte[] passphrase = UpstreamState.Passphrase(secret);

        byte[] plain = PassphraseDecryptor.Decrypt(File.ReadAllBytes(Path.Combine(DataDirectory, "long-secret.gpg")), passphrase);

        Assert.Equal("run-time secret for a long configured one"u8.ToArray(), plain);
        Assert.Equal("mandos"u8.ToArray(), passphrase[..6]);
        Assert.Equal("mandos616263"u8.ToArray(), UpstreamState.Passphrase("abc"u8.ToArray()));
    }

    [Fact]
    public void TheRawPassphraseFormEscapesBackslashNewlineAndNul()
    {
        byte[] secret = [.. Enumerable.Repeat((byte)'a', 1100)];
        secret[0] = (byte)'\\';
        secret[1] = (byte)'\n';
        secret[2] = 0;
        secret[3] = 0xFF;

        byte[] expected = [.. "mandos\\\\\\n\\x00"u8, 0xFF, .. secret.AsSpan(4)];
        Assert.Equal(expected, UpstreamState.Passphrase(secret));
    }

    [Fact]
    public void TheHexPassphraseFormIsLowerCase() =>
        Assert.Equal("mandos00ff7fab"u8.ToArray(), UpstreamState.Passphrase([0x00, 0xFF, 0x7F, 0xAB]));

    [Fact]
    public void ATruncatedEncryptedSecretIsAnErrorNotACrash()
    {
        byte[] message = File.ReadAllBytes(Path.Combine(DataDirectory, "long-secret.gpg"));
        for (int length = 0; length < message.Length; length++)
        {
            Assert.Throws<SecretDecryptionException>(() => PassphraseDecryptor.Decrypt(message[..length], "mandos"u8.ToArray()));
        }
    }

    [Fact]
    public void AWrongPassphraseIsAnErrorNotGarbage() =>
        Assert.Throws<SecretDecryptionException>(() =>
            PassphraseDecryptor.Decrypt(File.ReadAllBytes(Path.Combine(DataDirectory, "long-secret.gpg")), "mandos00"u8.ToArray()));
}
