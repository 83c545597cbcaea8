using System.Text;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>
/// Cross-checks against real GnuPG and Debian's mandos-keygen. These tools are required, not
/// optional: when they are missing the tests fail and say what to install.
/// </summary>
[Lane(Lane.Loopback)]
public sealed class GnuPgInteropTests
{
    private static readonly byte[] Password = Encoding.UTF8.GetBytes("interop pässword\n");

    [Fact]
    public void SecretFromDebiansKeygenDecryptsWithOurDecryptor()
    {
        string debianKeygen = RequireDebianKeygen();
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("pass"), Password);
        Assert.Equal(0, ToolRunner.Run(debianKeygen, ["--dir", dir.Path, "--name", "debian-client", "--force"]).ExitCode);

        ToolRunner.Result printed = ToolRunner.Run(debianKeygen, ["--dir", dir.Path, "--name", "debian-client", "--no-ssh", "--passfile", dir.File("pass")]);

        Assert.True(printed.ExitCode == 0, printed.Error);
        PrintedClientSection section = PrintedClientSection.Parse(printed.OutputText);
        Assert.Equal(Password, SecretDecryptor.Load(dir.File("seckey.txt")).Decrypt(section.Secret));
        TlsKeyPair tls = TlsKeyPair.Load(dir.File("tls-pubkey.pem"), dir.File("tls-privkey.pem"));
        Assert.Equal(section.Values["key_id"], tls.KeyId.ToLowerInvariant());
        Assert.Equal(section.Values["fingerprint"],
            OpenPgpKeyFile.Fingerprint(OpenPgpKeyFile.ReadPublicKeys(dir.File("pubkey.txt")).GetPublicKey()));
    }

    [Fact]
    public void OurKeySetImportsIntoGnuPgWhichDecryptsAndVerifiesOurSecret()
    {
        string gpg = ToolRunner.Require("gpg", "gnupg");
        using var dir = new TempDir(mode: TempDir.Private);
        using var home = new GnuPgHome(gpg);
        File.WriteAllBytes(dir.File("pass"), Password);
        Assert.Equal(0, KeygenProgram.Run(null, "-d", dir.Path, "-n", "our-client", "-l", "1024", "-L", "1024").ExitCode);
        PrintedClientSection section = PrintedClientSection.Parse(
            KeygenProgram.Run(null, "-d", dir.Path, "-n", "our-client", "-S", "-F", dir.File("pass")).OutputText);

        ToolRunner.Result import = home.Gpg("--import", dir.File("pubkey.txt"), dir.File("seckey.txt"));
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains($"fpr:::::::::{section.Values["fingerprint"]}:",
            home.Gpg("--with-colons", "--list-secret-keys").OutputText);

        File.WriteAllBytes(dir.File("secret.gpg"), section.Secret);
        ToolRunner.Result decrypted = home.Gpg("--decrypt", dir.File("secret.gpg"));
        Assert.True(decrypted.ExitCode == 0, decrypted.Error);
        Assert.Equal(Password, decrypted.Output);
        Assert.Contains("Good signature from \"our-client\"", decrypted.Error);
    }

    [Theory]
    [InlineData("--throw-keyids")]
    [InlineData("--compress-algo", "none")]
    [InlineData("--compress-algo", "zip")]
    [InlineData("--compress-algo", "bzip2")]
    [InlineData("--cipher-algo", "AES128")]
    [InlineData("--cipher-algo", "AES192")]
    public void OtherShapesGnuPgMakesDecrypt(params string[] options)
    {
        string gpg = ToolRunner.Require("gpg", "gnupg");
        using var dir = new TempDir(mode: TempDir.Private);
        using var home = new GnuPgHome(gpg);
        File.WriteAllBytes(dir.File("pubkey.txt"), SmallKeys.Client.EncodeArmoredPublicKeys());
        Assert.Equal(0, home.Gpg("--import", dir.File("pubkey.txt")).ExitCode);

        ToolRunner.Result encrypted = home.Gpg(["--encrypt", "--recipient", SmallKeys.Client.Fingerprint, .. options]);

        Assert.True(encrypted.ExitCode == 0, encrypted.Error);
        Assert.Equal(Password, SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(encrypted.Output));
    }

    [Fact]
    public void DebiansKeygenWorksOnOurKeySetAndPrintsTheSameIdentity()
    {
        string debianKeygen = RequireDebianKeygen();
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllBytes(dir.File("pass"), Password);
        Assert.Equal(0, KeygenProgram.Run(null, "-d", dir.Path, "-n", "our-client", "-l", "1024", "-L", "1024").ExitCode);
        ToolRunner.Result ours = KeygenProgram.Run(null, "-d", dir.Path, "-n", "our-client", "-S", "-F", dir.File("pass"));

        ToolRunner.Result theirs = ToolRunner.Run(debianKeygen, ["--dir", dir.Path, "--name", "our-client", "--no-ssh", "--passfile", dir.File("pass")]);

        Assert.True(theirs.ExitCode == 0, theirs.Error);
        PrintedClientSection ourSection = PrintedClientSection.Parse(ours.OutputText);
        PrintedClientSection theirSection = PrintedClientSection.Parse(theirs.OutputText);
        Assert.Equal(ourSection.Values.Keys, theirSection.Values.Keys);
        Assert.Equal(ourSection.Values["key_id"], theirSection.Values["key_id"]);
        Assert.Equal(ourSection.Values["fingerprint"], theirSection.Values["fingerprint"]);
        Assert.Equal(Password, SecretDecryptor.Load(dir.File("seckey.txt")).Decrypt(theirSection.Secret));
    }

    // Debian's mandos-keygen is a shell script that drives gpg and certtool.
    private static string RequireDebianKeygen()
    {
        ToolRunner.Require("gpg", "gnupg");
        ToolRunner.Require("certtool", "gnutls-bin");
        string keygen = ToolRunner.Require("mandos-keygen", "mandos-client");
        if (!File.ReadAllText(keygen).StartsWith("#!", StringComparison.Ordinal))
        {
            Assert.Fail($"{keygen} is not Debian's mandos-keygen script; install the Debian package mandos-client");
        }
        return keygen;
    }

    /// <summary>A throw-away GnuPG home; its agent is stopped afterwards.</summary>
    private sealed class GnuPgHome(string gpg) : IDisposable
    {
        private readonly TempDir _directory = new(mode: TempDir.Private);

        public ToolRunner.Result Gpg(params string[] arguments) =>
            ToolRunner.Run(gpg, ["--homedir", _directory.Path, "--batch", "--no-tty", "--trust-model", "always", .. arguments], Password);

        public void Dispose()
        {
            ToolRunner.Run("gpgconf", ["--homedir", _directory.Path, "--kill", "all"]);
            _directory.Dispose();
        }
    }
}
