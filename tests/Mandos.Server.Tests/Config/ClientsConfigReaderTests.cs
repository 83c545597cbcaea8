using System.Text;
using Mandos.Server.Config;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Server.Tests.Config;

[Lane(Lane.Unit)]
public sealed class ClientsConfigReaderTests : IDisposable
{
    private const string KeyId = "1E2D7B6F6B0B4C4F8A2C7E3B2A1F0D9C8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E";
    private const string Fingerprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";

    private static readonly byte[] SecretBytes = Enumerable.Range(0, 200).Select(i => (byte)(255 - i)).ToArray();

    private readonly TempDir _directory = new("mandos-clients-", TempDir.Private);

    public void Dispose() => _directory.Dispose();

    private static ClientsConfig Parse(string text) => ClientsConfigReader.Parse(text, "clients.conf");

    // The body of a secret as mandos-keygen prints it: "secret =" then lines indented 4 spaces.
    private static string SecretLines(byte[] secret) =>
        string.Concat(Convert.ToBase64String(secret).Chunk(64).Select(chunk => $"    {new string(chunk)}\n"));

    private static string Section(string name, string extra = "") =>
        $"[{name}]\nkey_id = {KeyId}\nsecret =\n{SecretLines(SecretBytes)}{extra}";

    [Fact]
    public void ReadsAClientAsMandosKeygenWritesIt()
    {
        string text = "# Client foo\n[foo]\nhost = foo.example.org\n"
            + $"key_id = {KeyId}\nfingerprint = {Fingerprint}\nsecret =\n{SecretLines(SecretBytes)}"
            + "# Remove -q if the server has OpenSSH < 9.8\n"
            + "checker = ssh-keyscan -q -t ed25519 %%(host)s 2>/dev/null | grep --fixed-strings "
            + "--line-regexp --quiet --regexp=%%(host)s\" %(ssh_fingerprint)s\"\n"
            + "ssh_fingerprint = ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHY\n";

        var config = Parse(text);

        var client = Assert.Single(config.Clients);
        Assert.Empty(config.Warnings);
        Assert.Equal("foo", client.Name);
        Assert.Equal("foo.example.org", client.Settings.Host);
        Assert.Equal(KeyId, client.Settings.KeyId);
        Assert.Equal(Fingerprint, client.Settings.Fingerprint);
        Assert.Equal(SecretBytes, client.Secret);
        Assert.Equal("ssh-keyscan -q -t ed25519 %(host)s 2>/dev/null | grep --fixed-strings --line-regexp "
            + "--quiet --regexp=%(host)s\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHY\"", client.Settings.Checker);
        Assert.Equal("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHY", client.Options["ssh_fingerprint"]);
    }

    [Fact]
    public void BuiltInDefaultsApply()
    {
        var client = Assert.Single(Parse(Section("foo")).Clients);

        Assert.Equal(TimeSpan.FromMinutes(5), client.Settings.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(15), client.Settings.ExtendedTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), client.Settings.Interval);
        Assert.Equal(TimeSpan.Zero, client.Settings.ApprovalDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), client.Settings.ApprovalDuration);
        Assert.True(client.Settings.ApprovedByDefault);
        Assert.True(client.Settings.Enabled);
        Assert.Equal("", client.Settings.Host);
        Assert.Equal("fping -q -- %(host)s", client.Settings.Checker);
        Assert.Equal("", client.Settings.Fingerprint);
    }

    [Fact]
    public void FileDefaultsOverrideBuiltInsAndSectionsOverrideDefaults()
    {
        string text = "[DEFAULT]\ntimeout = 1h\nenabled = no\napproval_delay = PT30S\n"
            + Section("foo", "timeout = PT10M\napproved_by_default = false\n") + Section("bar");

        var clients = Parse(text).Clients;

        Assert.Equal(TimeSpan.FromMinutes(10), clients[0].Settings.Timeout);
        Assert.Equal(TimeSpan.FromHours(1), clients[1].Settings.Timeout);
        Assert.False(clients[0].Settings.ApprovedByDefault);
        Assert.True(clients[1].Settings.ApprovedByDefault);
        Assert.All(clients, client => Assert.False(client.Settings.Enabled));
        Assert.All(clients, client => Assert.Equal(TimeSpan.FromSeconds(30), client.Settings.ApprovalDelay));
    }

    [Fact]
    public void ClientsKeepFileOrder()
    {
        var config = Parse(Section("zeta") + Section("alpha") + Section("Mid dle"));

        Assert.Equal(["zeta", "alpha", "Mid dle"], config.Clients.Select(client => client.Name));
    }

    [Fact]
    public void KeyIdAndFingerprintAreNormalised()
    {
        string text = "[foo]\nkey_id = ab cd\t12\nfingerprint = a1:b2 c3\nsecret = QUJD\n";

        var client = Assert.Single(Parse(text).Clients);

        Assert.Equal("ABCD\t12", client.Settings.KeyId);
        Assert.Equal("A1:B2C3", client.Settings.Fingerprint);
    }

    [Fact]
    public void FingerprintAloneIsEnoughButNeverMatchesAKeyId()
    {
        var client = Assert.Single(Parse($"[foo]\nfingerprint = {Fingerprint}\nsecret = QUJD\n").Clients);

        Assert.False(client.Settings.MatchesKeyId(""));
        Assert.True(client.Settings.MatchesFingerprint(Fingerprint));
    }

    [Fact]
    public void EmptyInputKeyIdIsKeptButNeverMatches()
    {
        string text = $"[old]\nkey_id = {KeyIdNormaliser.EmptyInputKeyId.ToLowerInvariant()}\nsecret = QUJD\n";

        var config = Parse(text);

        var client = Assert.Single(config.Clients);
        Assert.Equal(KeyIdNormaliser.EmptyInputKeyId, client.Settings.KeyId);
        Assert.True(client.Settings.HasForbiddenKeyId());
        Assert.False(client.Settings.MatchesKeyId(KeyIdNormaliser.EmptyInputKeyId));
        Assert.StartsWith("clients.conf: [old] key_id: is the SHA-256 of empty input", Assert.Single(config.Warnings));
    }

    [Fact]
    public void MatchingKeyIdIsExact()
    {
        var client = Assert.Single(Parse(Section("foo")).Clients);

        Assert.True(client.Settings.MatchesKeyId(KeyId));
        Assert.False(client.Settings.MatchesKeyId(KeyId.ToLowerInvariant()));
    }

    [Fact]
    public void SectionWithoutKeyIdOrFingerprintIsSkippedWithAWarning()
    {
        var config = Parse("[nokey]\nsecret = QUJD\nkey_id =  \n" + Section("good"));

        Assert.Equal("good", Assert.Single(config.Clients).Name);
        Assert.Equal("clients.conf: [nokey]: has neither key_id nor fingerprint; client skipped", Assert.Single(config.Warnings));
    }

    [Fact]
    public void SectionWithoutSecretOrSecfileIsSkippedWithAWarning()
    {
        var config = Parse($"[nosecret]\nkey_id = {KeyId}\n" + Section("good"));

        Assert.Equal("good", Assert.Single(config.Clients).Name);
        Assert.Equal("clients.conf: [nosecret]: has neither secret nor secfile; client skipped", Assert.Single(config.Warnings));
    }

    [Theory]
    [InlineData("timeout = 5x", "clients.conf: [bad] timeout: invalid duration \"5x\"")]
    [InlineData("interval = P1YT1H", "clients.conf: [bad] interval: invalid duration \"P1YT1H\"")]
    [InlineData("extended_timeout = PT1H1S", "clients.conf: [bad] extended_timeout: invalid duration \"PT1H1S\"")]
    [InlineData("approval_delay = soon", "clients.conf: [bad] approval_delay: invalid duration \"soon\"")]
    [InlineData("approval_duration = -1s", "clients.conf: [bad] approval_duration: invalid duration \"-1s\"")]
    [InlineData("enabled = maybe", "clients.conf: [bad] enabled: invalid boolean \"maybe\"")]
    [InlineData("approved_by_default = 2", "clients.conf: [bad] approved_by_default: invalid boolean \"2\"")]
    [InlineData("checker = ping %(nohost)s", "clients.conf: [bad] checker: bad interpolation: %(nohost)s refers to an option")]
    [InlineData("extra = 100%", "clients.conf: [bad] extra: bad interpolation: a lone \"%\"")]
    public void SectionWithABadValueIsSkippedWithAOneLineWarning(string line, string warningStart)
    {
        var config = Parse(Section("good") + Section("bad", line + "\n") + Section("good2"));

        Assert.Equal(["good", "good2"], config.Clients.Select(client => client.Name));
        string warning = Assert.Single(config.Warnings);
        Assert.StartsWith(warningStart, warning);
        Assert.EndsWith("; client skipped", warning);
        Assert.DoesNotContain('\n', warning);
    }

    [Fact]
    public void BadBase64IsSkippedWithoutRevealingTheSecret()
    {
        var config = Parse($"[bad]\nkey_id = {KeyId}\nsecret =\n    c2VjcmV0X3Bhc3N3b3Jk\n    c2VjcmV0X3\n");

        Assert.Empty(config.Clients);
        Assert.Equal("clients.conf: [bad] secret: invalid base64: incorrect padding; client skipped", config.Warnings[0]);
        Assert.All(config.Warnings, warning => Assert.DoesNotContain("c2Vj", warning));
    }

    [Fact]
    public void BadInterpolationInASecretDoesNotRevealIt()
    {
        var config = Parse($"[bad]\nkey_id = {KeyId}\nsecret = hunter2%hunter2\n");

        Assert.DoesNotContain("hunter2", config.Warnings[0]);
        Assert.StartsWith("clients.conf: [bad] secret: bad interpolation", config.Warnings[0]);
    }

    [Fact]
    public void SecfileIsReadRawAfterExpandingVariables()
    {
        byte[] secret = new byte[] { 0, 1, 2, 0xFF, (byte)'\n', (byte)'=' };
        File.WriteAllBytes(_directory.File("foo.secret"), secret);
        string variable = $"MANDOS_TEST_DIR_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, _directory.Path);
        try
        {
            var config = Parse($"[foo]\nkey_id = {KeyId}\nsecfile = ${{{variable}}}/foo.secret\n");

            Assert.Equal(secret, Assert.Single(config.Clients).Secret);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void SecretWinsOverSecfile()
    {
        var config = Parse($"[foo]\nkey_id = {KeyId}\nsecret = QUJD\nsecfile = /nonexistent/secret\n");

        Assert.Equal("ABC"u8.ToArray(), Assert.Single(config.Clients).Secret);
    }

    [Fact]
    public void UnreadableSecfileIsSkippedWithAWarning()
    {
        string path = _directory.File("missing.secret");

        var config = Parse($"[foo]\nkey_id = {KeyId}\nsecfile = {path}\n" + Section("good"));

        Assert.Equal("good", Assert.Single(config.Clients).Name);
        Assert.Equal($"clients.conf: [foo] secfile: cannot read \"{path}\": no such file; client skipped", config.Warnings[0]);
    }

    [Fact]
    public void OptionsHoldEveryInterpolatedOptionExceptTheSecret()
    {
        var client = Assert.Single(Parse(Section("foo", "host = h\nnote = on %(host)s\n")).Clients);

        Assert.Equal("on h", client.Options["note"]);
        Assert.Equal("fping -q -- %(host)s", client.Options["checker"]);
        Assert.Equal("PT5M", client.Options["timeout"]);
        Assert.Equal(KeyId, client.Options["key_id"]);
        Assert.False(client.Options.ContainsKey("secret"));
        Assert.Equal("timeout", client.Options.Keys.First()); // built-in defaults first
    }

    [Theory]
    [InlineData("timeout", "P10W", 70)]
    [InlineData("interval", "P1000W", 7000)]
    [InlineData("extended_timeout", "PT922337203685S", 10675199)]
    [InlineData("approval_delay", "4294967296s", 49710)]
    public void DurationsOfYearsAreRead(string key, string value, int days)
    {
        var config = Parse(Section("foo", $"{key} = {value}\n"));

        Assert.Empty(config.Warnings);
        ClientSettings settings = Assert.Single(config.Clients).Settings;
        TimeSpan read = key switch
        {
            "timeout" => settings.Timeout,
            "interval" => settings.Interval,
            "extended_timeout" => settings.ExtendedTimeout,
            _ => settings.ApprovalDelay,
        };
        Assert.Equal(days, read.Days);
    }

    [Fact]
    public void DurationLongerThanATimeSpanSkipsTheClientNamingFileSectionAndKey()
    {
        var config = Parse(Section("foo", "timeout = P1525029W\n") + Section("bar").Replace(KeyId, KeyId[..^1] + "0", StringComparison.Ordinal));

        Assert.Equal("bar", Assert.Single(config.Clients).Name);
        Assert.Equal("clients.conf: [foo] timeout: invalid duration \"P1525029W\": too large (at most 922337203685 seconds, "
            + "about 29,000 years); client skipped", Assert.Single(config.Warnings));
    }

    [Fact]
    public void SyntaxErrorIsFatalAndNamesFileAndLine()
    {
        string first = Section("foo");
        int secondHeaderLine = first.Count(character => character == '\n') + 1;

        var error = Assert.Throws<ConfigException>(() => Parse(first + Section("foo")));

        Assert.Equal($"clients.conf:{secondHeaderLine}: section [foo] appears twice", error.Message);
    }

    [Fact]
    public void MissingFileGivesNoClientsAndAWarning()
    {
        string path = _directory.File("clients.conf");

        var config = ClientsConfigReader.Read(path);

        Assert.Empty(config.Clients);
        Assert.Equal($"{path}: No clients defined (the file does not exist)", Assert.Single(config.Warnings));
    }

    [Fact]
    public void FileWithoutClientsWarnsNoClientsDefined()
    {
        var config = Parse("[DEFAULT]\ntimeout = 1h\n");

        Assert.Empty(config.Clients);
        Assert.Equal("clients.conf: No clients defined", Assert.Single(config.Warnings));
    }

    [Fact]
    public void ReadsAFile()
    {
        string path = _directory.File("clients.conf");
        File.WriteAllText(path, Section("foo"), new UTF8Encoding(false));

        var config = ClientsConfigReader.Read(path);

        Assert.Equal(SecretBytes, Assert.Single(config.Clients).Secret);
    }
}
