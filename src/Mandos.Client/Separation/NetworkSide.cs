using System.Globalization;
using System.Net.Sockets;
using System.Threading.Channels;
using Mandos.Client.Cli;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Mandos.Client.Network;
using Mandos.Core.CommandLine;
using Mandos.Core.Keys;
using Mandos.Core.Logging;
using Mandos.Core.OpenPgp;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Client.Separation;

/// <summary>
/// The network side of mandos-client, started by <see cref="RootSide"/> without root: loads the
/// keys, finds servers (mDNS or <c>--connect</c>), fetches and decrypts, and writes the password
/// on its stdout, a pipe to the root side. Temporary routes it asks of the root side. When the
/// root side goes away it stops.
/// </summary>
public static class NetworkSide
{
    public static int Run(ClientOptions options, string channel, Log log)
    {
        if (!int.TryParse(channel, NumberStyles.None, CultureInfo.InvariantCulture, out int fd))
        {
            log.Error($"{WorkerProcess.ChannelVariable} is not a descriptor number");
            return ExitCodes.Usage;
        }
        // Never with root at hand: the root side starts us with all ids the user's (or all root's,
        // started by root itself); effective ids that differ from the real ones mean we were not.
        if (Credentials.EffectiveUserId != Credentials.RealUserId || Credentials.EffectiveGroupId != Credentials.RealGroupId)
        {
            log.Error("The network side does not run with effective ids other than its real ones");
            return ExitCodes.NoPermission;
        }
        // Other processes of the same user (other plugins) may not trace us or read our memory.
        Credentials.ForbidTracing();
        using var routes = new RouteRequester(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
        string[] interfaces = (Environment.GetEnvironmentVariable(WorkerProcess.InterfacesVariable) ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var signals = new DeferredQuitSignals();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, routes.Closed);
        byte[]? password = null;
        int status;
        try
        {
            password = SearchAsync(options, interfaces, routes, log, stop.Token).GetAwaiter().GetResult();
            status = password is null ? ExitCodes.Unavailable : ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            status = ExitCodes.Failure;
        }
        if (password is not null)
        {
            SecretStreams.WriteToStandardOutput(password, password.Length);
        }
        signals.Reraise();
        return status;
    }

    private static async Task<byte[]?> SearchAsync(ClientOptions options, IReadOnlyList<string> interfaces, ITemporaryRoutes routes,
        Log log, CancellationToken cancel)
    {
        ServerAddress? connect = options.Connect is null ? null : ServerAddress.Parse(options.Connect);
        TlsKeyPair tlsKey = TlsKeyPair.Load(options.TlsPubKey, options.TlsPrivKey);
        log.Debug($"Our key ID is {tlsKey.KeyId}");
        SecretDecryptor decryptor = SecretDecryptor.Load(options.SecKey);
        // Kernel randomness: BouncyCastle's default source would load OpenSSL, absent from an initramfs.
        var crypto = new BcTlsCrypto(KernelRandomGenerator.CreateSecureRandom());
        var attempt = new ServerAttempt(new SecretFetcher(crypto, tlsKey.PrivateKey, tlsKey.SubjectPublicKeyInfo, log, options.AttemptLimit), decryptor.Decrypt, log,
            connect is null ? routes : null);
        IReadOnlyList<NetInterface> used = InterfacesInUse(interfaces, connect is not null, log);
        var rotation = new ServerRotation(attempt.TryAsync, TimeSpan.FromSeconds(options.Retry), log);
        return connect is not null
            ? await ConnectAsync(rotation, connect, used, cancel).ConfigureAwait(false)
            : await BrowseAsync(rotation, used, log, cancel).ConfigureAwait(false);
    }

    /// <summary>The interfaces to search on: those listed (without <c>none</c>), or if that leaves none, every suitable one that is up.</summary>
    private static List<NetInterface> InterfacesInUse(IReadOnlyList<string> names, bool connectGiven, Log log)
    {
        List<string> listed = names.Where(n => n != InterfaceSelector.None).ToList();
        if (listed.Count == 0)
        {
            listed = InterfaceSelector.Automatic(connectGiven, log)
                .Where(n => InterfaceControl.GetFlags(n).HasFlag(InterfaceFlags.Up)).ToList();
        }
        return listed.Select(n => new NetInterface(n, InterfaceControl.IndexOf(n))).Where(i => i.Index > 0).ToList();
    }

    private static Task<byte[]?> ConnectAsync(ServerRotation rotation, ServerAddress server, IReadOnlyList<NetInterface> used,
        CancellationToken cancel)
    {
        if (server.Address.IsIPv6LinkLocal && server.Address.ScopeId == 0)
        {
            if (used.Count != 1)
            {
                throw new UsageException("An IPv6 link-local address is incomplete without a network interface: give exactly one --interface");
            }
            server = server with { Address = new System.Net.IPAddress(server.Address.GetAddressBytes(), used[0].Index), InterfaceIndex = used[0].Index };
        }
        var events = Channel.CreateUnbounded<ServerEvent>();
        events.Writer.TryWrite(new ServerEvent(server, true));
        events.Writer.TryComplete();
        return rotation.RunAsync(events.Reader, cancel);
    }

    private static async Task<byte[]?> BrowseAsync(ServerRotation rotation, IReadOnlyList<NetInterface> used, Log log, CancellationToken cancel)
    {
        if (used.Count == 0)
        {
            log.Error("No usable network interface to search for Mandos servers on");
            return null;
        }
        var events = Channel.CreateUnbounded<ServerEvent>();
        using var browsing = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var browser = new MdnsBrowser(MdnsBrowser.MandosService, used, log);
        Task browse = browser.RunAsync(events.Writer, browsing.Token);
        try
        {
            return await rotation.RunAsync(events.Reader, cancel).ConfigureAwait(false);
        }
        finally
        {
            await browsing.CancelAsync().ConfigureAwait(false);
            await browse.ConfigureAwait(false);
        }
    }
}
