using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Recovers a session key encrypted to an RSA key (PKCS#1 v1.5, blinded). Done here rather than by
/// BouncyCastle's PgpPublicKeyEncryptedData so that the blinding randomness comes from the
/// kernel: BouncyCastle's default source loads OpenSSL, absent from an initramfs.
/// </summary>
internal static class RsaSessionKeyDecryptor
{
    public static SessionKey? Decrypt(PublicKeyEncSessionPacket packet, RsaKeyParameters key, SecureRandom random)
    {
        byte[][] parts = packet.GetEncSessionKey();
        if (packet.Version != 3 || parts.Length != 1 || parts[0].Length < 3)
        {
            return null;
        }
        byte[] mpi = parts[0]; // two-octet bit count, then the integer
        var rsa = new Pkcs1Encoding(new RsaBlindedEngine());
        rsa.Init(false, new ParametersWithRandom(key, random));
        byte[] data;
        try
        {
            data = rsa.ProcessBlock(mpi, 2, mpi.Length - 2);
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException)
        {
            return null;
        }
        try
        {
            return SessionKey.Parse(data);
        }
        finally
        {
            Array.Clear(data);
        }
    }
}
