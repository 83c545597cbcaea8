using Mandos.Testing.Files;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>
/// Password mode's SSH checker lines, with a stand-in ssh-keyscan on PATH that logs its
/// arguments (no SSH server is needed, and nothing but localhost is ever asked).
/// </summary>
[Lane(Lane.Loopback)]
public sealed class SshCheckerTests
{
    private const string Checker =
        " %%(host)s 2>/dev/null | grep --fixed-strings --line-regexp --quiet --regexp=%%(host)s\" %(ssh_fingerprint)s\"";

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void NewOpenSshIsAskedQuietlyAndTheServerIsWarnedAboutIt()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        FakeKeyscan(dir, """
            case "$1 $3" in
              "-q ecdsa-sha2-nistp256") echo "localhost ecdsa-sha2-nistp256 AAAAE2VjZHNh";;
            esac
            """);

        string[] lines = PasswordMode(dir);

        Assert.Equal("-q -t ecdsa-sha2-nistp256 localhost\n", File.ReadAllText(dir.File("keyscan.log")));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("# ", lines[0]);
        Assert.StartsWith("# ", lines[1]);
        Assert.Equal("checker = ssh-keyscan -q -t ecdsa-sha2-nistp256" + Checker, lines[2]);
        Assert.Equal("ssh_fingerprint = ecdsa-sha2-nistp256 AAAAE2VjZHNh", lines[3]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void OldOpenSshIsAskedWithoutQuietForEachKeyTypeInTurn()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        FakeKeyscan(dir, """
            [ "$1" = -q ] && { echo "unknown option -- q" >&2; exit 1; }
            [ "$2" = ed25519 ] && echo "localhost ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"
            exit 0
            """);

        string[] lines = PasswordMode(dir);

        Assert.Equal(
            "-q -t ecdsa-sha2-nistp256 localhost\n-q -t ed25519 localhost\n-q -t rsa localhost\n"
            + "-t ecdsa-sha2-nistp256 localhost\n-t ed25519 localhost\n",
            File.ReadAllText(dir.File("keyscan.log")));
        Assert.Equal(["checker = ssh-keyscan -t ed25519" + Checker, "ssh_fingerprint = ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"], lines);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void NoAnswerMeansNoChecker()
    {
        using var dir = new TempDir(mode: TempDir.Private);
        FakeKeyscan(dir, "exit 1");

        Assert.Empty(PasswordMode(dir));
        Assert.Equal(6, File.ReadAllLines(dir.File("keyscan.log")).Length);
    }

    // The lines after the secret's indented block.
    private static string[] PasswordMode(TempDir dir)
    {
        string keys = Path.Combine(dir.Path, "keys");
        Directory.CreateDirectory(keys);
        Assert.Equal(0, KeygenProgram.Run(null, "-d", keys, "-l", "1024", "-L", "1024").ExitCode);
        ToolRunner.Result result = KeygenProgram.RunWithPathPrefix(dir.Path, "-d", keys, "-n", "c", "-F", "/dev/null");
        Assert.True(result.ExitCode == 0, result.Error);
        return result.OutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(line => line != "secret =").Skip(1)
            .SkipWhile(line => line.StartsWith("    ", StringComparison.Ordinal))
            .ToArray();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void FakeKeyscan(TempDir dir, string body)
    {
        string script = $"#!/bin/sh\necho \"$*\" >> '{dir.File("keyscan.log")}'\n{body}\n";
        File.WriteAllText(dir.File("ssh-keyscan"), script);
        File.SetUnixFileMode(dir.File("ssh-keyscan"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
