using System.Globalization;
using Mandos.Core.Interop;
using Mandos.Core.Keys;
using Mandos.Core.Protocol;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Bench.LoadGen;

/// <summary>
/// <c>--profile N</c>: the cost of one Mandos exchange in BouncyCastle alone, without sockets:
/// N whole exchanges (handshake, secret, close_notify both ways) between the two roles in one
/// thread, timing each side's share, plus the public-key operations they are made of. Tells
/// whether a server is CPU bound in BouncyCastle and in which part. Single-threaded, JIT.
/// Times are this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so other work on the machine
/// does not inflate them.
/// </summary>
public static partial class InMemoryProfile
{
    public static void Run(int count, TlsKeyPair keys, int secretBytes)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        byte[] secret = new byte[secretBytes];
        Exchange(crypto, keys, secret, Math.Max(200, count / 5)); // warm-up (tiered JIT)
        (double serverMs, double clientMs) = Exchange(crypto, keys, secret, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-memory exchange x{count}: Mandos-server side (TLS client) {serverMs:0.000} ms, " +
            $"Mandos-client side (TLS server) {clientMs:0.000} ms per exchange " +
            $"=> one core could serve at most {1000 / serverMs:0} req/s (TLS alone)"));
        Primitives(keys, count);
    }

    private static (double ServerMs, double ClientMs) Exchange(BcTlsCrypto crypto, TlsKeyPair keys, byte[] secret, int count)
    {
        long serverNs = 0, clientNs = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int i = 0; i < count; i++)
        {
            // "server"/"client" below are the Mandos roles; TLS roles are the other way round.
            var server = new TlsClientProtocol();
            var client = new TlsServerProtocol();
            var serverPeer = new RawKeyTlsClient(crypto);
            long t = ThreadCpuNanoseconds();
            server.Connect(serverPeer);
            serverNs += ThreadCpuNanoseconds() - t;
            t = ThreadCpuNanoseconds();
            client.Accept(new RawKeyTlsServer(crypto, keys.PrivateKey, keys.SubjectPublicKeyInfo));
            clientNs += ThreadCpuNanoseconds() - t;
            while (server.IsHandshaking || client.IsHandshaking)
            {
                int moved = Pump(server, client, buffer, ref clientNs) + Pump(client, server, buffer, ref serverNs);
                if (moved == 0)
                {
                    throw new InvalidOperationException("in-memory handshake stalled");
                }
            }
            t = ThreadCpuNanoseconds();
            if (KeyId.FromSubjectPublicKeyInfo(serverPeer.PeerSubjectPublicKeyInfo!) != keys.KeyId)
            {
                throw new InvalidOperationException("key_id mismatch");
            }
            server.WriteApplicationData(secret, 0, secret.Length);
            server.Close();
            serverNs += ThreadCpuNanoseconds() - t;
            Pump(server, client, buffer, ref clientNs);
            t = ThreadCpuNanoseconds();
            int got = client.GetAvailableInputBytes();
            client.ReadInput(buffer, 0, got);
            if (got != secret.Length || !client.IsClosed)
            {
                throw new InvalidOperationException($"in-memory exchange: got {got} bytes");
            }
            clientNs += ThreadCpuNanoseconds() - t;
        }
        return (Ms(serverNs) / count, Ms(clientNs) / count);
    }

    /// <summary>Moves all pending output of <paramref name="from"/> into <paramref name="to"/>, timing the receiver.</summary>
    private static int Pump(TlsProtocol from, TlsProtocol to, byte[] buffer, ref long toNs)
    {
        int total = 0, n;
        while ((n = from.GetAvailableOutputBytes()) > 0)
        {
            n = from.ReadOutput(buffer, 0, Math.Min(n, buffer.Length));
            long t = ThreadCpuNanoseconds();
            if (!to.IsClosed)
            {
                to.OfferInput(buffer, 0, n);
            }
            toNs += ThreadCpuNanoseconds() - t;
            total += n;
        }
        return total;
    }

    private static void Primitives(TlsKeyPair keys, int count)
    {
        var random = new SecureRandom();
        byte[] message = new byte[130];
        random.NextBytes(message);
        var signer = new Ed25519Signer();
        signer.Init(true, keys.PrivateKey);
        signer.BlockUpdate(message, 0, message.Length);
        byte[] signature = signer.GenerateSignature();
        double sign = Time(count, () =>
        {
            signer.Init(true, keys.PrivateKey);
            signer.BlockUpdate(message, 0, message.Length);
            signer.GenerateSignature();
        });
        double verify = Time(count, () =>
        {
            signer.Init(false, keys.PublicKey);
            signer.BlockUpdate(message, 0, message.Length);
            if (!signer.VerifySignature(signature))
            {
                throw new InvalidOperationException("signature did not verify");
            }
        });
        byte[] shared = new byte[32];
        var peer = new X25519PrivateKeyParameters(random).GeneratePublicKey();
        double x25519 = Time(count, () =>
        {
            var mine = new X25519PrivateKeyParameters(random);
            mine.GeneratePublicKey();
            var agreement = new X25519Agreement();
            agreement.Init(mine);
            agreement.CalculateAgreement(peer, shared, 0);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"primitives x{count}: Ed25519 sign {sign:0.000} ms, Ed25519 verify {verify:0.000} ms, " +
            $"X25519 key pair + agreement {x25519:0.000} ms"));
    }

    private static double Time(int count, Action action)
    {
        for (int i = 0; i < Math.Max(200, count / 5); i++)
        {
            action();
        }
        long t = ThreadCpuNanoseconds();
        for (int i = 0; i < count; i++)
        {
            action();
        }
        return Ms(ThreadCpuNanoseconds() - t) / count;
    }

    private static double Ms(long nanoseconds) => nanoseconds / 1e6;

    private static long ThreadCpuNanoseconds()
    {
        if (Libc.ClockGetTime(Libc.ClockThreadCpuTime, out TimeSpec t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }
}
