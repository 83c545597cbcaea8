using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Discovery;

/// <summary>Runs a Mandos client (ours or Debian's) without --connect in a LAN host's namespace, on its one interface.</summary>
public static class DiscoveryClients
{
    public static Task<ProcessRunner.Result> OursAsync(LanHost host, KeySet keys, string emptyHookDir, TimeSpan limit, params string[] extra) =>
        OursAsync(host, keys, emptyHookDir, limit, null, extra);

    public static Task<ProcessRunner.Result> OursAsync(LanHost host, KeySet keys, string emptyHookDir, TimeSpan limit,
        IDictionary<string, string>? environment, params string[] extra)
    {
        Directory.CreateDirectory(emptyHookDir);
        return host.Namespace.RunAsync(RepoPaths.Program("mandos-client"), [$"--interface={host.Link}",
            $"--network-hook-dir={emptyHookDir}", "--debug", .. KeyArgs(keys), .. extra], limit, environment);
    }

    public static Task<ProcessRunner.Result> DebiansAsync(LanHost host, KeySet keys, string emptyHookDir, TimeSpan limit)
    {
        DebianPackages.Require();
        Directory.CreateDirectory(emptyHookDir);
        return host.Namespace.RunAsync(DebianPackages.Client, [$"--interface={host.Link}",
            $"--network-hook-dir={emptyHookDir}", .. KeyArgs(keys)], limit);
    }

    private static string[] KeyArgs(KeySet keys) =>
        [$"--pubkey={keys.PubKey}", $"--seckey={keys.SecKey}", $"--tls-pubkey={keys.TlsPubKey}", $"--tls-privkey={keys.TlsPrivKey}"];
}
