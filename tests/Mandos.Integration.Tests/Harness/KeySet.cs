namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A client's key files (pubkey.txt, seckey.txt, tls-pubkey.pem, tls-privkey.pem) and the
/// clients.conf section that keygen printed for its password.
/// </summary>
public sealed record KeySet(string Directory, string Name, string Password, string ClientSection)
{
    public string PubKey => Path.Combine(Directory, "pubkey.txt");
    public string SecKey => Path.Combine(Directory, "seckey.txt");
    public string TlsPubKey => Path.Combine(Directory, "tls-pubkey.pem");
    public string TlsPrivKey => Path.Combine(Directory, "tls-privkey.pem");

    /// <summary>The key_id line's value, upper-cased as the server logs it.</summary>
    public string KeyId => ClientSection.Split('\n').First(l => l.StartsWith("key_id = ", StringComparison.Ordinal))[9..].Trim().ToUpperInvariant();

    /// <summary>Makes a key set with a keygen program (ours or Debian's): keys, then the section for the password.</summary>
    public static async Task<KeySet> MakeAsync(string keygen, string directory, string name, string password, params string[] keyOptions)
    {
        System.IO.Directory.CreateDirectory(directory);
        string passfile = Path.Combine(directory, "..", name + ".password");
        await File.WriteAllTextAsync(passfile, password);
        var made = await ProcessRunner.RunAsync(keygen,
            ["--dir", directory, "--name", name, "--force", .. keyOptions], TimeSpan.FromMinutes(3));
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException($"{keygen} failed ({made.ExitCode}): {made.Stderr}");
        }
        var section = await ProcessRunner.RunAsync(keygen,
            ["--dir", directory, "--name", name, "--no-ssh", "--passfile", passfile], TimeSpan.FromMinutes(1));
        if (section.ExitCode != 0)
        {
            throw new InvalidOperationException($"{keygen} --passfile failed ({section.ExitCode}): {section.Stderr}");
        }
        File.Delete(passfile);
        return new KeySet(directory, name, password, section.StdoutText);
    }
}
