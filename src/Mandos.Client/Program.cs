using Mandos.Client.Cli;
using Mandos.Client.Connection;
using Mandos.Core.CommandLine;
using Mandos.Core.Keys;
using Mandos.Core.Logging;
using Mandos.Core.OpenPgp;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Client;

public static class Program
{
    private const int ExitUsage = 64;
    private const int ExitUnavailable = 69;
    private const string Prefix = "Mandos plugin mandos-client: ";

    public static int Main(string[] args)
    {
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
        try
        {
            return Run(options, log);
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

    private static int Run(ClientOptions options, Log log)
    {
        if (options.Connect is null)
        {
            log.Error("Zeroconf discovery is not part of this build yet; use --connect=ADDRESS:PORT");
            return ExitUnavailable;
        }
        ServerAddress server = ServerAddress.Parse(options.Connect);
        TlsKeyPair tlsKey = TlsKeyPair.Load(options.TlsPubKey, options.TlsPrivKey);
        log.Debug($"Our key ID is {tlsKey.KeyId}");
        SecretDecryptor decryptor = SecretDecryptor.Load(options.SecKey);

        using var quit = new CancellationTokenSource();
        // Kernel randomness: BouncyCastle's default source would load OpenSSL, absent from an initramfs.
        var crypto = new BcTlsCrypto(KernelRandomGenerator.CreateSecureRandom());
        var fetcher = new SecretFetcher(crypto, tlsKey.PrivateKey, tlsKey.SubjectPublicKeyInfo, log);
        var loop = new ConnectLoop(fetcher, decryptor.Decrypt, TimeSpan.FromSeconds(options.Retry), log);
        byte[] password = loop.RunAsync(server, quit.Token).GetAwaiter().GetResult();
        using (Stream stdout = Console.OpenStandardOutput())
        {
            stdout.Write(password);
            stdout.Flush();
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(password);
        return 0;
    }
}
