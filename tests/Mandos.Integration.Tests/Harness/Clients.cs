namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// Runs a Mandos client (ours or Debian's) once against 127.0.0.1:port with a key set; both with
/// --interface=none, which keeps them from bringing up the machine's interfaces.
/// </summary>
public static class Clients
{
    public static Task<ProcessRunner.Result> OursAsync(KeySet keys, int port, TimeSpan limit, params string[] extra) =>
        ProcessRunner.RunAsync(RepoPaths.Program("mandos-client"),
            [$"--connect=127.0.0.1:{port}", "--interface=none", .. KeyArgs(keys), .. extra], limit);

    public static Task<ProcessRunner.Result> DebiansAsync(KeySet keys, int port, TimeSpan limit, string emptyHookDir, params string[] extra)
    {
        DebianPackages.Require();
        Directory.CreateDirectory(emptyHookDir);
        return ProcessRunner.RunAsync(DebianPackages.Client,
            [$"--connect=127.0.0.1:{port}", "--interface=none", $"--network-hook-dir={emptyHookDir}", .. KeyArgs(keys), .. extra], limit);
    }

    private static string[] KeyArgs(KeySet keys) =>
        [$"--pubkey={keys.PubKey}", $"--seckey={keys.SecKey}", $"--tls-pubkey={keys.TlsPubKey}", $"--tls-privkey={keys.TlsPrivKey}"];
}
