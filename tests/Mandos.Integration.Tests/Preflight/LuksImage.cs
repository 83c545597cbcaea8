using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Preflight;

/// <summary>A LUKS2 volume in a regular file, made by cryptsetup for one passphrase (cheap PBKDF2: a test's volume).</summary>
public static class LuksImage
{
    public static async Task<string> CreateAsync(string path, string passphrase)
    {
        await using (FileStream file = File.Create(path))
        {
            file.SetLength(32L << 20);
        }
        ProcessRunner.Result made = await ProcessRunner.RunAsync("cryptsetup",
            ["luksFormat", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", "--batch-mode", "--key-file=-", path],
            TimeSpan.FromMinutes(2), stdin: passphrase);
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException($"cryptsetup luksFormat {path} failed ({made.ExitCode}): {made.Stderr}");
        }
        return path;
    }
}
