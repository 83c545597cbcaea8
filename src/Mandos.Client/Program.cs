using System.Threading.Channels;
using Mandos.Client.Cli;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Mandos.Client.Network;
using Mandos.Client.Privileges;
using Mandos.Core.CommandLine;
using Mandos.Core.Keys;
using Mandos.Core.Logging;
using Mandos.Core.Posix;
using Mandos.Core.OpenPgp;
using Mandos.PasswordAgent;
using Mandos.PluginRunner;
using Mandos.Plugins.AskpassFifo;
using Mandos.Plugins.PasswordPrompt;
using Mandos.Plugins.Plymouth;
using Mandos.Plugins.Splashy;
using Mandos.Plugins.Usplash;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Client;

public static class Program
{
    private const int ExitFailure = 1;
    private const int ExitUsage = 64;
    private const int ExitUnavailable = 69;
    private const string Prefix = "Mandos plugin mandos-client: ";

    public static int Main(string[] args)
    {
        // One executable for the whole initramfs, acting as the program it is invoked as (busybox-style).
        string name = Path.GetFileName(InvokedName());
        if (name is PluginRunnerProgram.Name or PasswordPromptProgram.Name or PasswordAgentProgram.Name)
        {
            // The executable is set-user-ID root for mandos-client and the splash plugins, as
            // upstream installs them; these names are not, upstream.
            Credentials.GiveUpSetUserId();
        }
        switch (name)
        {
            case RouteHelperProgram.Name:
                return RouteHelperProgram.Run(args);
            case PluginRunnerProgram.Name:
                return PluginRunnerProgram.Run(args);
            case PasswordPromptProgram.Name:
                return PasswordPromptProgram.Run(args);
            case AskpassFifoProgram.Name:
                return AskpassFifoProgram.Run(args);
            case PlymouthProgram.Name:
                return PlymouthProgram.Run(args);
            case SplashyProgram.Name:
                return SplashyProgram.Run(args);
            case UsplashProgram.Name:
                return UsplashProgram.Run(args);
            case PasswordAgentProgram.Name:
                return PasswordAgentProgram.Run(args);
        }
        string? lowering = null;
        try
        {
            RootPrivilege.LowerAtStart();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            lowering = e.Message;
        }
        ClientOptions? options;
        try
        {
            options = ClientCommandLine.Parse(args, out string? exitText);
            if (options is null)
            {
                Console.Out.WriteLine(exitText);
                return 0;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{Prefix}{e.Message}");
            Console.Error.WriteLine("Try `mandos-client --help' or `mandos-client --usage' for more information.");
            return ExitUsage;
        }
        var log = new Log(options.Debug ? LogLevel.Debug : LogLevel.Warning, new ConsoleSink((_, m) => Prefix + m));
        if (lowering is not null)
        {
            log.Error($"Could not lower the set-user-ID privileges: {lowering}");
        }
        try
        {
            return RunAsync(options, log).GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            log.Error(e.Message);
            return ExitUsage;
        }
        catch (KeyFileException e)
        {
            log.Error(e.Message);
            return ExitUnavailable;
        }
    }

    /// <summary>argv[0], whatever symlink we were run through (multi-call executable).</summary>
    private static string InvokedName()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            return System.Text.Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task<int> RunAsync(ClientOptions options, Log log)
    {
        ServerAddress? connect = options.Connect is null ? null : ServerAddress.Parse(options.Connect);
        TlsKeyPair tlsKey = TlsKeyPair.Load(options.TlsPubKey, options.TlsPrivKey);
        log.Debug($"Our key ID is {tlsKey.KeyId}");
        SecretDecryptor decryptor = SecretDecryptor.Load(options.SecKey);
        // Kernel randomness: BouncyCastle's default source would load OpenSSL, absent from an initramfs.
        var crypto = new BcTlsCrypto(KernelRandomGenerator.CreateSecureRandom());
        var attempt = new ServerAttempt(new SecretFetcher(crypto, tlsKey.PrivateKey, tlsKey.SubjectPublicKeyInfo, log, options.AttemptLimit), decryptor.Decrypt, log,
            connect is null ? OnLinkRoute.FromEnvironment(options.Debug, log) : null, InterfaceNameOf);

        using var signals = new QuitSignals();
        var hooks = new NetworkHookRunner(options.NetworkHookDir,
            NetworkHookRunner.Environment(options.NetworkHookDir, options.Interfaces, options.Debug, options.Delay, options.Connect), log);
        var activator = new InterfaceActivator(log);
        byte[]? password = null;
        int status;
        try
        {
            await hooks.RunAllAsync("start").ConfigureAwait(false);
            // Checked after the start hooks, which may create interfaces (bridge, VPN, wireless).
            IReadOnlyList<string> names = InterfaceSelector.Existing(options.Interfaces, log);
            if (options.Interfaces.Count == 0)
            {
                names = InterfaceSelector.Automatic(connect is not null, log);
                // With --connect the server may be reachable anyway (loopback, a network set up
                // before us): upstream gives up here, we go on.
                if (names.Count == 0 && connect is null)
                {
                    log.Error("Could not find a network interface");
                    return ExitFailure;
                }
            }
            await activator.BringUpAsync(names, TimeSpan.FromSeconds(options.Delay), signals.Token).ConfigureAwait(false);
            IReadOnlyList<NetInterface> used = InterfacesInUse(names, connect is not null, log);
            var rotation = new ServerRotation(attempt.TryAsync, TimeSpan.FromSeconds(options.Retry), log);
            password = connect is not null
                ? await ConnectAsync(rotation, connect, used, signals.Token).ConfigureAwait(false)
                : await BrowseAsync(rotation, used, log, signals.Token).ConfigureAwait(false);
            status = password is null ? ExitUnavailable : 0;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            status = ExitFailure;
        }
        finally
        {
            await hooks.RunAllAsync("stop").ConfigureAwait(false);
            activator.TakeDown();
            GiveUpRoot(log);
        }
        if (password is not null)
        {
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(password);
            stdout.Flush();
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(password);
        }
        signals.Reraise();
        return status;
    }

    /// <summary>Upstream's setuid(uid) once the stop hooks ran and the interfaces are down.</summary>
    private static void GiveUpRoot(Log log)
    {
        try
        {
            RootPrivilege.GiveUp();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Error(e.Message);
        }
    }

    private static string? InterfaceNameOf(int index) =>
        InterfaceControl.All().FirstOrDefault(n => InterfaceControl.IndexOf(n) == index);

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
