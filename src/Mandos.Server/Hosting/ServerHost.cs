using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mandos.Core.Config;
using Mandos.Core.Logging;
using Mandos.Server.Checkers;
using Mandos.Server.Clients;
using Mandos.Server.Listener;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Server.Hosting;

/// <summary>
/// The running server: loads the clients, opens the socket, serves until SIGTERM, SIGHUP or
/// SIGINT, then exits 0 as upstream.
/// </summary>
public sealed class ServerHost(ServerSettings settings, string configDir, Log log)
{
    /// <summary>Limit for each connection's version line, handshake, sending and closing.</summary>
    public static readonly TimeSpan ConnectionLimit = TimeSpan.FromSeconds(30);

    public int Run()
    {
        using ClientRegistry clients = LoadClients();
        using Socket socket = ListeningSocketFactory.Create(
            new ListenAddress(settings.Address, settings.Port, settings.Interface, settings.UseIpv6, settings.Socket), log);
        if (!settings.RunsInForeground)
        {
            string? problem = PidFile.TryWrite(PidFile.DefaultPath);
            if (problem is not null)
            {
                log.Warning(problem);
            }
        }
        if (settings.Zeroconf)
        {
            log.Info("Zeroconf announcement is not part of this build yet; clients need --connect");
        }
        var endPoint = (IPEndPoint)socket.LocalEndPoint!;
        log.Info(endPoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"Now listening on address {endPoint.Address}, port {endPoint.Port}, flowinfo 0, scope_id {endPoint.Address.ScopeId}"
            : $"Now listening on address {endPoint.Address}, port {endPoint.Port}");

        using var shutdown = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        if (Daemon.IsChild)
        {
            Daemon.Detach();
        }
        foreach (ClientRecord client in clients.All)
        {
            client.Start(Random.Shared);
        }
        var crypto = new BcTlsCrypto(new SecureRandom());
        var handler = new ConnectionHandler(clients, crypto, log, ConnectionLimit);
        new ConnectionListener(socket, handler, log).RunAsync(shutdown.Token).GetAwaiter().GetResult();
        log.Info("Server exiting");
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Debug($"Received {context.Signal}, exiting");
            shutdown.Cancel();
        }
    }

    private ClientRegistry LoadClients()
    {
        string path = Path.Combine(configDir, "clients.conf");
        ClientsConfig config = ClientsConfigReader.Read(path);
        foreach (string warning in config.Warnings)
        {
            log.Warning(warning);
        }
        var checkers = new ShellCheckerLauncher(showOutput: settings.Debug);
        var registry = new ClientRegistry(config.Clients.Select(c => new ClientRecord(c, TimeProvider.System, checkers, log)));
        foreach (ClientRecord client in registry.All.Where(c => c.KeyId is null))
        {
            log.Warning($"Client {client.Name} has only an OpenPGP fingerprint; it can never be matched " +
                        "(this server speaks TLS raw public keys only; run mandos-keygen --password on the client to get a key_id)");
        }
        log.Debug($"{registry.All.Count} clients loaded from {path}");
        return registry;
    }
}
