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
        byte[]? data = key is RsaPrivateCrtKeyParameters crt ? OpenSslRsa.TryDecrypt(crt, LeftPadded(mpi.AsSpan(2), crt.Modulus)) : null;
        if (data is null)
        {
            var rsa = new Pkcs1Encoding(new RsaBlindedEngine());
            rsa.Init(false, new ParametersWithRandom(key, random));
            try
            {
                data = rsa.ProcessBlock(mpi, 2, mpi.Length - 2);
            }
            catch (Exception e) when (e is InvalidCipherTextException or DataLengthException)
            {
                return null;
            }
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

    // An MPI drops leading zero octets; RSA_private_decrypt wants exactly the modulus length.
    private static ReadOnlySpan<byte> LeftPadded(ReadOnlySpan<byte> value, Org.BouncyCastle.Math.BigInteger modulus)
    {
        int size = (modulus.BitLength + 7) / 8;
        if (value.Length >= size)
        {
            return value;
        }
        byte[] padded = new byte[size];
        value.CopyTo(padded.AsSpan(size - value.Length));
        return padded;
    }
}
