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

    /// <summary>
    /// A literal of <paramref name="length"/> zero bytes inside <paramref name="layers"/> nested
    /// ZLIB layers, encrypted with integrity protection: a few kilobytes that inflate hugely.
    /// </summary>
    public static byte[] CompressedZeros(long length, int layers, params PgpPublicKeyRing[] recipients)
    {
        using var output = new MemoryStream();
        var encryption = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, true, new SecureRandom());
        foreach (PgpPublicKeyRing ring in recipients)
        {
            encryption.AddMethod(ring.GetPublicKeys().Last());
        }
        var streams = new Stack<Stream>();
        streams.Push(encryption.Open(output, new byte[4096]));
        for (int i = 0; i < layers; i++)
        {
            streams.Push(new PgpCompressedDataGenerator(CompressionAlgorithmTag.ZLib).Open(streams.Peek(), new byte[4096]));
        }
        streams.Push(new PgpLiteralDataGenerator().Open(streams.Peek(), PgpLiteralData.Binary, "", DateTime.UtcNow, new byte[4096]));
        byte[] zeros = new byte[1 << 20];
        for (long written = 0; written < length; written += zeros.Length)
        {
            streams.Peek().Write(zeros, 0, (int)Math.Min(zeros.Length, length - written));
        }
        while (streams.Count > 0)
        {
            streams.Pop().Dispose();
        }
        return output.ToArray();
    }
}
