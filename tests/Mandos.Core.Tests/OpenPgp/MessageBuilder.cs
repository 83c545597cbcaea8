using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Hand-made OpenPGP messages in shapes other tools produce (or attackers might).</summary>
internal static class MessageBuilder
{
    /// <summary>Encrypted to each recipient's encryption subkey, uncompressed and unsigned.</summary>
    public static byte[] PlainLiteral(byte[] secret, bool integrityProtected, params PgpPublicKeyRing[] recipients)
    {
        using var output = new MemoryStream();
        var encryption = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, integrityProtected, new SecureRandom());
        foreach (PgpPublicKeyRing ring in recipients)
        {
            encryption.AddMethod(ring.GetPublicKeys().Last());
        }
        using (Stream encrypted = encryption.Open(output, new byte[4096]))
        {
            var literal = new PgpLiteralDataGenerator();
            using Stream data = literal.Open(encrypted, PgpLiteralData.Binary, "", secret.Length, DateTime.UtcNow);
            data.Write(secret);
        }
        return output.ToArray();
    }
}
