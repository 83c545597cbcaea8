using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Mandos.Client.Connection;
using Mandos.Client.Discovery;
using Mandos.Client.Network;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Core.Logging;
using Mandos.Core.OpenPgp;
using Mandos.Core.Posix;
using Mandos.Core.Protocol;
using Mandos.Core.Secrets;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// The probe: the part of <c>mandos-keygen --test</c> that talks to the network, in a process of
/// its own (<see cref="ProbeRunner"/> starts it). Before anything else it seals itself (no
/// ptrace, no core dump, no new privileges), gives root up for good (user and group 65534, as
/// plugin-runner runs the boot's client; checked), seals itself again, arranges to die with its
/// parent and checks that nothing traces it; only then it reads its <see cref="ProbeRequest"/>
/// (the keys' contents, never a path) from descriptor 3.
/// Then it finds servers as the boot's client would (the given address, or mDNS on the
/// interfaces), asks each for this client's secret once, and writes one
/// <see cref="ProbeReport"/> line per server on its stdout, a pipe to the root side. The first
/// secret that decrypts ends the search: after the report lines come <c>secret TAB LENGTH</c>
/// and the secret's bytes, and the buffer is cleared. Started any other way (the variable set,
/// but no request on descriptor 3), it does nothing.
/// </summary>
internal static class ProbeSide
{
    public const string SecretLine = "secret";

    /// <summary>Servers asked at most, of those one search finds.</summary>
    public const int MaxServers = 8;

    /// <summary>The descriptor the request comes on.</summary>
    public const int RequestDescriptor = 3;

    /// <summary>After the first server is found, how long the search goes on to hear the others.</summary>
    private static readonly TimeSpan Straggle = TimeSpan.FromSeconds(1);

    private const uint Nobody = 65534;

    public static int Run()
    {
        using Stream stdout = Console.OpenStandardOutput();
        // Root is given up before anything is read: the request, even a forged one, is parsed
        // without it, and nothing that could trace us once we are nobody finds keys in memory.
        int parent = Credentials.ParentProcessId;
        if (!Credentials.Seal() || !GiveUpRoot() || !Credentials.DieWithParent(parent) || !Credentials.IsUntraced())
        {
            Write(stdout, new ProbeReport(null, null, "the network probe could not give up root and seal itself, so it did nothing"));
            return ExitCodes.Failure;
        }
        ProbeRequest? request = ReadRequest();
        if (request is null)
        {
            // Not started by mandos-keygen --test (a variable left in an environment): say so, do nothing.
            Console.Error.WriteLine($"mandos-keygen: {ProbeRequest.Variable} is set, which makes mandos-keygen the network probe of "
                + "mandos-keygen --test, but no request came on descriptor 3; unset it");
            return ExitCodes.Usage;
        }
        var log = new Log(LogLevel.Error, new ConsoleSink((_, m) => "mandos-keygen: " + m));
        TlsKeyPair tlsKey;
        SecretDecryptor decryptor;
        using (request)
        {
            try
            {
                tlsKey = TlsKeyPair.Parse(request.TlsPublicKey, request.TlsPrivateKey, Path.Combine(request.KeyDirectory, "tls-privkey.pem"));
                decryptor = new SecretDecryptor(OpenPgpKeyFile.ParseSecretKeys(request.SecretKey, Path.Combine(request.KeyDirectory, "seckey.txt")),
                    Path.Combine(request.KeyDirectory, "seckey.txt"));
            }
            catch (KeyFileException e)
            {
                Write(stdout, new ProbeReport(null, null, ErrorText.Of(e)));
                return ExitCodes.Failure;
            }
        }
        byte[]? secret = null;
        try
        {
            secret = ProbeAsync(request, tlsKey, decryptor, stdout, log).GetAwaiter().GetResult();
            if (secret is not null)
            {
                stdout.Write(Encoding.ASCII.GetBytes($"{SecretLine}\t{secret.Length}\n"));
                stdout.Write(secret);
                stdout.Flush();
            }
            return ExitCodes.Success;
        }
        finally
        {
            PrivateFile.Clear(secret);
        }
    }

    /// <summary>The request on descriptor 3, a pipe, read to its end (bounded) and decoded; null when there is none.</summary>
    private static ProbeRequest? ReadRequest()
    {
        // Only the pipe mandos-keygen --test makes: never a terminal or file someone left open there.
        if (FileStatus.Of(RequestDescriptor) is not { IsFifo: true })
        {
            return null;
        }
        using var input = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(RequestDescriptor, ownsHandle: true), FileAccess.Read, 1);
        (byte[] Buffer, int Length)? read;
        try
        {
            read = SecretStreams.ReadAll(input, ProbeRequest.MaxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
        if (read is not (byte[] buffer, int length))
        {
            return null;
        }
        try
        {
            return ProbeRequest.Decode(buffer.AsSpan(0, length));
        }
        finally
        {
            PrivateFile.Clear(buffer);
        }
    }

    /// <summary>
    /// Root (any id 0): the supplementary groups become 65534 alone, then group and user 65534 in
    /// all three ids, checked (neither setuid(0) nor setgid(0) works afterwards), sealed again
    /// (the id change resets dumpability). Not root: nothing to give up.
    /// </summary>
    private static bool GiveUpRoot()
    {
        bool root = Credentials.RealUserId == 0 || Credentials.EffectiveUserId == 0 || Credentials.RealGroupId == 0 || Credentials.EffectiveGroupId == 0;
        if (!root)
        {
            return true;
        }
        try
        {
            Credentials.SetGroups(Nobody);
            Credentials.SwitchTo(Nobody, Nobody);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
        return !Credentials.CanRegainRoot() && !Credentials.CanRegainRootGroup()
            && Credentials.RealUserId == Nobody && Credentials.EffectiveUserId == Nobody
            && Credentials.RealGroupId == Nobody && Credentials.EffectiveGroupId == Nobody
            && Credentials.Seal();
    }

    private static async Task<byte[]?> ProbeAsync(ProbeRequest request, TlsKeyPair tlsKey, SecretDecryptor decryptor, Stream stdout, Log log)
    {
        IReadOnlyList<ServerAddress> servers;
        if (request.Connect is not null)
        {
            try
            {
                servers = [ServerAddress.Parse(request.Connect)];
            }
            catch (UsageException e)
            {
                Write(stdout, new ProbeReport(null, null, $"{request.Connect} is not a server address: {ErrorText.Of(e)}"));
                return null;
            }
        }
        else
        {
            List<NetInterface> interfaces = InterfacesToSearch(request.Interfaces, log);
            if (interfaces.Count == 0)
            {
                Write(stdout, new ProbeReport(null, null, request.Interfaces.Count == 0
                    ? "no network interface that the client would search on is up"
                    : $"none of the interfaces {string.Join(", ", request.Interfaces)} exists and is up"));
                return null;
            }
            servers = await DiscoverAsync(interfaces, request.Timeout, log).ConfigureAwait(false);
            if (servers.Count == 0)
            {
                Write(stdout, new ProbeReport(null, null,
                    $"no Mandos server answered mDNS queries on {string.Join(", ", interfaces)} within {request.TimeoutSeconds:0.###} s"));
                return null;
            }
        }
        // Kernel randomness, as the boot's client: BouncyCastle's default source would load OpenSSL.
        var crypto = new BcTlsCrypto(KernelRandomGenerator.CreateSecureRandom());
        var fetcher = new SecretFetcher(crypto, tlsKey.PrivateKey, tlsKey.SubjectPublicKeyInfo, log, request.Timeout);
        foreach (ServerAddress server in servers)
        {
            (ProbeReport report, byte[]? secret) = await AskAsync(fetcher, decryptor, server).ConfigureAwait(false);
            Write(stdout, report);
            if (secret is not null)
            {
                return secret;
            }
        }
        return null;
    }

    private static async Task<(ProbeReport, byte[]?)> AskAsync(SecretFetcher fetcher, SecretDecryptor decryptor, ServerAddress server)
    {
        string name = server.ToString();
        byte[] blob;
        try
        {
            blob = await fetcher.FetchAsync(server, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AttemptTimeoutException e)
        {
            return (new ProbeReport(name, ProbeOutcome.Silent, ErrorText.Of(e)), null);
        }
        catch (Exception e) when (e is SocketException or IOException or Org.BouncyCastle.Tls.TlsException or ProtocolException)
        {
            return (new ProbeReport(name, ProbeOutcome.Unreachable, ErrorText.Of(e)), null);
        }
        if (blob.Length == 0)
        {
            return (new ProbeReport(name, ProbeOutcome.Refused, "it sent nothing"), null);
        }
        try
        {
            byte[] secret = decryptor.Decrypt(blob);
            return (new ProbeReport(name, ProbeOutcome.Secret, $"{blob.Length} bytes of encrypted data"), secret);
        }
        catch (Exception e) when (e is SecretDecryptionException or KeyFileException)
        {
            return (new ProbeReport(name, ProbeOutcome.Undecryptable, ErrorText.Of(e)), null);
        }
    }

    /// <summary>The named interfaces that exist and are up; none named: every suitable one that is up, as the client chooses.</summary>
    private static List<NetInterface> InterfacesToSearch(IReadOnlyList<string> names, Log log)
    {
        IReadOnlyList<string> candidates = names.Count > 0 ? InterfaceSelector.Existing(names, log) : InterfaceSelector.Automatic(false, log);
        var up = new List<NetInterface>();
        foreach (string name in candidates.Where(n => n != InterfaceSelector.None))
        {
            try
            {
                if (InterfaceControl.GetFlags(name).HasFlag(InterfaceFlags.Up) && InterfaceControl.IndexOf(name) is int index and > 0)
                {
                    up.Add(new NetInterface(name, index));
                }
            }
            catch (IOException)
            {
                // Gone since it was listed.
            }
        }
        return up;
    }

    /// <summary>Browses until the timeout, or until a little after the first server was heard; the servers in the order found.</summary>
    private static async Task<IReadOnlyList<ServerAddress>> DiscoverAsync(IReadOnlyList<NetInterface> interfaces, TimeSpan timeout, Log log)
    {
        var events = Channel.CreateUnbounded<ServerEvent>();
        var found = new List<ServerAddress>();
        using var browsing = new CancellationTokenSource(timeout);
        var browser = new MdnsBrowser(MdnsBrowser.MandosService, interfaces, log);
        Task browse = browser.RunAsync(events.Writer, browsing.Token);
        try
        {
            await foreach (ServerEvent e in events.Reader.ReadAllAsync(browsing.Token).ConfigureAwait(false))
            {
                if (e.Found && !found.Contains(e.Server))
                {
                    if (found.Count == 0)
                    {
                        browsing.CancelAfter(Straggle < timeout ? Straggle : timeout);
                    }
                    found.Add(e.Server);
                }
                else if (!e.Found)
                {
                    found.Remove(e.Server);
                }
                if (found.Count >= MaxServers)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (browsing.IsCancellationRequested)
        {
            // The search's time is up.
        }
        finally
        {
            await browsing.CancelAsync().ConfigureAwait(false);
            await browse.ConfigureAwait(false);
        }
        return found;
    }

    private static void Write(Stream stdout, ProbeReport report)
    {
        stdout.Write(Encoding.UTF8.GetBytes(report.Format() + "\n"));
        stdout.Flush();
    }
}
