using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Extracts the private key of a local, unprotected secret key without BouncyCastle's
/// Miller-Rabin check of the RSA modulus.
/// </summary>
/// <remarks>
/// BouncyCastle runs Miller-Rabin rounds on the modulus of every RSA private key it builds
/// (~110 ms for RSA-4096), to reject a prime modulus. For a secret key that modulus is p*q
/// computed from the secret primes themselves, so we check instead that p and q are both
/// greater than one and that p*q equals the modulus of the public key packet: that proves the
/// modulus composite outright (stronger than a probabilistic test) and also that the secret
/// half belongs to the public key. The cheap checks (odd, no small factors, size) still run.
/// The test is switched off through BouncyCastle's environment property, for the duration of
/// this one construction only, under a lock, and the previous value is restored. The property
/// is process-wide: an RSA key built by another thread in that instant would skip the test too;
/// our programs build no other RSA private keys meanwhile.
/// </remarks>
internal static class LocalPrivateKey
{
    private const string MaxMillerRabinTests = "Org.BouncyCastle.Rsa.MaxMRTests";
    private static readonly Lock EnvironmentLock = new();

    public static PgpPrivateKey Extract(PgpSecretKey secretKey)
    {
        if (secretKey.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null)
        {
            throw new PgpException("the secret key is protected by a passphrase, which Mandos does not use");
        }
        if (!IsRsa(secretKey.PublicKey.Algorithm))
        {
            return secretKey.ExtractPrivateKeyRaw(null);
        }
        PgpPrivateKey privateKey = ExtractWithoutPrimalityTest(secretKey);
        CheckFactorsMatchPublicModulus(secretKey.PublicKey, (RsaPrivateCrtKeyParameters)privateKey.Key);
        return privateKey;
    }

    private static PgpPrivateKey ExtractWithoutPrimalityTest(PgpSecretKey secretKey)
    {
        lock (EnvironmentLock)
        {
            string? previous = Environment.GetEnvironmentVariable(MaxMillerRabinTests);
            Environment.SetEnvironmentVariable(MaxMillerRabinTests, "0");
            try
            {
                return secretKey.ExtractPrivateKeyRaw(null);
            }
            finally
            {
                Environment.SetEnvironmentVariable(MaxMillerRabinTests, previous);
            }
        }
    }

    private static void CheckFactorsMatchPublicModulus(PgpPublicKey publicKey, RsaPrivateCrtKeyParameters key)
    {
        BigInteger n = ((RsaPublicBcpgKey)publicKey.PublicKeyPacket.Key).Modulus;
        bool sound = key.P.CompareTo(BigInteger.One) > 0
            && key.Q.CompareTo(BigInteger.One) > 0
            && key.P.Multiply(key.Q).Equals(n)
            && key.Modulus.Equals(n);
        if (!sound)
        {
            throw new PgpException("the RSA secret key does not match its public key");
        }
    }

    private static bool IsRsa(PublicKeyAlgorithmTag algorithm) =>
        algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt or PublicKeyAlgorithmTag.RsaSign;
}
