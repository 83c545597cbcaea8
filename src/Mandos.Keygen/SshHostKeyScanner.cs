using System.ComponentModel;
using System.Diagnostics;

namespace Mandos.Keygen;

/// <summary>
/// Asks the local SSH server for its host key with <c>ssh-keyscan</c>, as upstream does: with
/// <c>-q</c> first (OpenSSH 9.8 and later), then without, for each key type in turn; the first
/// answer wins. Only ever scans localhost.
/// </summary>
internal static class SshHostKeyScanner
{
    private static readonly string[] KeyTypes = ["ecdsa-sha2-nistp256", "ed25519", "rsa"];
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static SshHostKey? Scan()
    {
        foreach (bool quiet in new[] { true, false })
        {
            foreach (string keyType in KeyTypes)
            {
                string? output;
                try
                {
                    output = Run(quiet, keyType);
                }
                catch (Win32Exception)
                {
                    return null; // ssh-keyscan is not installed
                }
                if (FirstKeyLine(output) is string line)
                {
                    return new SshHostKey(keyType, line, quiet);
                }
            }
        }
        return null;
    }

    private static string? Run(bool quiet, string keyType)
    {
        var start = new ProcessStartInfo("ssh-keyscan")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (quiet)
        {
            start.ArgumentList.Add("-q");
        }
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add(keyType);
        start.ArgumentList.Add("localhost");
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            return null;
        }
        _ = stderr.GetAwaiter().GetResult();
        return stdout.GetAwaiter().GetResult();
    }

    private static string? FirstKeyLine(string? output)
    {
        const string Host = "localhost ";
        string? line = output?.Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (line is null)
        {
            return null;
        }
        return line.StartsWith(Host, StringComparison.Ordinal) ? line[Host.Length..] : line;
    }
}
