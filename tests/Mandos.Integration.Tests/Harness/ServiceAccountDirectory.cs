namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// The server started as root drops to _mandos (or nobody): its state directory must belong to
/// that account, as the packages arrange for /var/lib/mandos.
/// </summary>
public static class ServiceAccountDirectory
{
    public static void HandOver(string directory)
    {
        Directory.CreateDirectory(directory);
        string owner = AccountExists("_mandos") ? "_mandos:_mandos" : "nobody:nogroup";
        ProcessRunner.Run(mustSucceed: false, "chown", owner, directory);
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_000_000);
    }

    /// <summary>Options giving a server a state directory of the test's own, never /var/lib/mandos.</summary>
    public static string[] PrivateStateArgs(TempDir dir)
    {
        string state = dir.Sub("state-" + Guid.NewGuid().ToString("N")[..8]);
        HandOver(state);
        return ["--no-restore", "--statedir", state];
    }

    private static bool AccountExists(string name) =>
        File.ReadLines("/etc/passwd").Any(l => l.StartsWith(name + ":", StringComparison.Ordinal));
}
