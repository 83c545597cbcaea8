using System.Text;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>The mandos-keygen program, run as a process with small keys.</summary>
[Lane(Lane.Loopback)]
public sealed class KeygenProgramTests
{
    private static readonly string[] KeyFiles = ["seckey.txt", "pubkey.txt", "tls-privkey.pem", "tls-pubkey.pem"];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void WritesTheFourKeyFilesReadableByOwnerOnly()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        ToolRunner.Result result = Generate(dir, "-n", "client1", "-c", "note", "-e", "root@client1");

        Assert.Equal(0, result.ExitCode);
        Assert.All(KeyFiles, name =>
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File(name))));
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: Mandos client key for client1 (note) <root@client1>\n",
            File.ReadAllText(dir.File("seckey.txt")));
        TlsKeyPair.Load(dir.File("tls-pubkey.pem"), dir.File("tls-privkey.pem"));
    }

    [Fact]
    public void RefusesToOverwriteWithoutForce()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        File.WriteAllText(dir.File("tls-pubkey.pem"), "old");

        ToolRunner.Result result = Generate(dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Refusing to overwrite old key files; use --force\n", result.Error);
        Assert.Equal("old", File.ReadAllText(dir.File("tls-pubkey.pem")));
        Assert.False(File.Exists(dir.File("seckey.txt")));
    }

    [Fact]
    public void ForceKeepsOldFilesAsNumberedBackups()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        Assert.Equal(0, Generate(dir).ExitCode);
        string first = File.ReadAllText(dir.File("seckey.txt"));
        Assert.Equal(0, Generate(dir, "--force").ExitCode);
        string second = File.ReadAllText(dir.File("seckey.txt"));
        Assert.Equal(0, Generate(dir, "-f").ExitCode);

        Assert.Equal(first, File.ReadAllText(dir.File("seckey.txt.~1~")));
        Assert.Equal(second, File.ReadAllText(dir.File("seckey.txt.~2~")));
        Assert.All(KeyFiles, name => Assert.True(File.Exists(dir.File(name + ".~2~"))));
        Assert.Equal(KeyFiles.Length * 3, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void PasswordModePrintsTheClientSectionWithTheEncryptedPassFile()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        Assert.Equal(0, Generate(dir).ExitCode);
        byte[] password = Encoding.UTF8.GetBytes("pass wörd\n");
        File.WriteAllBytes(dir.File("pass"), password);

        ToolRunner.Result result = KeygenProgram.Run(null, "--dir", dir.Path, "--name", "client1", "--no-ssh", "--passfile", dir.File("pass"));

        Assert.Equal(0, result.ExitCode);
        PrintedClientSection section = PrintedClientSection.Parse(result.OutputText);
        Assert.Equal("client1", section.Name);
        Assert.Equal(["host", "key_id", "fingerprint", "secret"], section.Values.Keys);
        Assert.Equal("client1", section.Values["host"]);
        TlsKeyPair tls = TlsKeyPair.Load(dir.File("tls-pubkey.pem"), dir.File("tls-privkey.pem"));
        Assert.Equal(tls.KeyId.ToLowerInvariant(), section.Values["key_id"]);
        Assert.Equal(OpenPgpKeyFile.Fingerprint(OpenPgpKeyFile.ReadPublicKeys(dir.File("pubkey.txt")).GetPublicKey()),
            section.Values["fingerprint"]);
        Assert.All(section.SecretLines, line => Assert.Matches("^    [A-Za-z0-9+/=]{1,64}$", line));
        Assert.Equal(password, SecretDecryptor.Load(dir.File("seckey.txt")).Decrypt(section.Secret));
    }

    [Fact]
    public void PasswordModeLeavesOutKeyIdWithoutTlsPublicKey()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        Assert.Equal(0, Generate(dir).ExitCode);
        File.Delete(dir.File("tls-pubkey.pem"));

        ToolRunner.Result result = KeygenProgram.Run(null, "-d", dir.Path, "-n", "c", "-S", "-F", "/dev/null");

        Assert.Equal(0, result.ExitCode);
        PrintedClientSection section = PrintedClientSection.Parse(result.OutputText);
        Assert.Equal(["host", "fingerprint", "secret"], section.Values.Keys);
        Assert.Empty(SecretDecryptor.Load(dir.File("seckey.txt")).Decrypt(section.Secret));
    }

    [Fact]
    public void TypedPasswordIsStrippedOfSurroundingBlanks()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        Assert.Equal(0, Generate(dir).ExitCode);

        ToolRunner.Result result = KeygenProgram.Run("  two words\t\n two words \n"u8.ToArray(), "-d", dir.Path, "-n", "c", "-S", "--password");

        Assert.Equal(0, result.ExitCode);
        byte[] secret = PrintedClientSection.Parse(result.OutputText).Secret;
        Assert.Equal("two words"u8.ToArray(), SecretDecryptor.Load(dir.File("seckey.txt")).Decrypt(secret));
    }

    [Fact]
    public void TypedPasswordMismatchFailsWhenNotOnATerminal()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        Assert.Equal(0, Generate(dir).ExitCode);

        ToolRunner.Result result = KeygenProgram.Run("one\ntwo\n"u8.ToArray(), "-d", dir.Path, "-S", "-p");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith("Passphrase mismatch\n", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void PasswordModeWithoutKeysNamesTheMissingFile()
    {
        using var dir = new TempDir(mode: TempDir.Private);

        ToolRunner.Result result = KeygenProgram.Run(null, "-d", dir.Path, "-S", "-F", "/dev/null");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"{dir.File("pubkey.txt")}: No such file or directory\n", result.Error);
    }

    [Theory]
    [InlineData("Unknown arguments: 'extra words'", "extra", "words")]
    [InlineData("mandos-keygen: unrecognized option '--bogus'", "--bogus")]
    [InlineData("Invalid key length", "--length", "256")]
    [InlineData("Invalid key length", "-l", "many")]
    [InlineData("Invalid subkey length", "-L", "100")]
    [InlineData("Empty key name", "--name", "")]
    [InlineData("Empty key expiration", "--expire", "")]
    [InlineData("Invalid key expiration: 'soon'", "--expire", "soon")]
    [InlineData("Unsupported OpenPGP key type 'DSA': only RSA is supported by this implementation", "-t", "DSA")]
    [InlineData("Unsupported OpenPGP subkey type 'ELG': only RSA is supported by this implementation", "-s", "ELG")]
    [InlineData("Unsupported TLS key type 'rsa': only ed25519 is supported by this implementation", "-T", "rsa")]
    public void BadCommandLineIsOneLineAndExitStatusOne(string message, params string[] arguments)
    {
        using var dir = new TempDir(mode: TempDir.Private);

        ToolRunner.Result result = KeygenProgram.Run(null, ["-d", dir.Path, .. arguments]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message + "\n", result.Error);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void MissingDirectoryIsReported()
    {
        ToolRunner.Result result = KeygenProgram.Run(null, "-d", "/nonexistent/mandos-keys");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("/nonexistent/mandos-keys not a directory\n", result.Error);
    }

    [Fact]
    public void VersionAndHelpPrintAndExit()
    {
        Assert.Equal("mandos-keygen 1.8.18\n", KeygenProgram.Run(null, "--version").OutputText);
        ToolRunner.Result help = KeygenProgram.Run(null, "-h");
        Assert.Equal(0, help.ExitCode);
        Assert.All(
            ["--dir", "--type", "--length", "--subtype", "--sublength", "--name", "--email", "--comment",
             "--expire", "--tls-keytype", "--force", "--password", "--passfile", "--no-ssh", "--version", "--help"],
            option => Assert.Contains(option, help.OutputText));
    }

    [Fact]
    public void OutputToAFileSharedWithOtherWritersIsNotOverwritten()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        string keygen = string.Join(' ', KeygenProgram.CommandLine.Select(a => $"'{a}'"));

        ToolRunner.Result result = ToolRunner.Run("sh", ["-c", $"{{ {keygen} --version; echo after; }} > '{dir.File("out")}'"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("mandos-keygen 1.8.18\nafter\n", File.ReadAllText(dir.File("out")));
    }

    private static ToolRunner.Result Generate(TempDir dir, params string[] extra) =>
        KeygenProgram.Run(null, ["--dir", dir.Path, "--length", "1024", "--sublength", "1024", .. extra]);
}
