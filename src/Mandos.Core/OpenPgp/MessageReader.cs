using Mandos.Core.Keys;
using Mandos.Core.Secrets;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mandos.Core.OpenPgp;

/// <summary>Walks the packets of an OpenPGP message, outside and inside the encryption layer.</summary>
internal static class MessageReader
{
    /// <summary>The recipients and the encrypted data; refuses data without integrity protection.</summary>
    public static EncryptedMessage ReadEncryptedMessage(byte[] message)
    {
        var recipients = new List<PublicKeyEncSessionPacket>();
        try
        {
            // Not disposed: the encrypted data packet reads on from this stream later.
            var packets = new BcpgInputStream(PgpUtilities.GetDecoderStream(new MemoryStream(message, writable: false)));
            for (Packet? packet = packets.ReadPacket(); packet is not null; packet = packets.ReadPacket())
            {
                switch (packet)
                {
                    case PublicKeyEncSessionPacket recipient:
                        recipients.Add(recipient);
                        break;
                    case MarkerPacket or SymmetricKeyEncSessionPacket:
                        break; // a passphrase alternative is not for us
                    case SymmetricEncIntegrityPacket data:
                        return new EncryptedMessage(recipients, data);
                    case SymmetricEncDataPacket:
                        throw new SecretDecryptionException(
                            "the secret is not integrity protected (no modification detection code); refusing it");
                    default:
                        throw new SecretDecryptionException($"the secret is not an encrypted OpenPGP message ({packet.PacketTag} packet)");
                }
            }
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException)
        {
            throw new SecretDecryptionException("the secret is not a valid OpenPGP message", e);
        }
        throw new SecretDecryptionException("the secret is empty or holds no encrypted data");
    }

    /// <summary>
    /// The literal data in decrypted packets, through any compression layers (together at most
    /// <see cref="DecompressionLimit.MaxBytes"/> decompressed); signatures are skipped.
    /// </summary>
    public static byte[] ReadLiteralData(byte[] packets)
    {
        var factory = new PgpObjectFactory(packets);
        var limit = new DecompressionLimit();
        byte[]? literal = null;
        for (PgpObject? item = factory.NextPgpObject(); item is not null; item = factory.NextPgpObject())
        {
            switch (item)
            {
                case PgpCompressedData compressed:
                    factory = new PgpObjectFactory(limit.Bound(compressed.GetDataStream()));
                    break;
                case PgpLiteralData data when literal is null:
                    literal = SecretStreams.ReadToEnd(data.GetDataStream());
                    break;
                case PgpOnePassSignatureList or PgpSignatureList or PgpMarker:
                    break;
                default:
                    throw new PgpException("unexpected packet in the encrypted secret");
            }
        }
        return literal ?? throw new PgpException("no literal data in the encrypted secret");
    }

    /// <summary>
    /// <see cref="ReadLiteralData"/> of packets just decrypted and verified, which it clears. Intact
    /// (the MDC matched) yet unreadable is not a message gpg or mandos-keygen makes: a
    /// <see cref="SecretDecryptionException"/> saying "the decrypted <paramref name="what"/> is not
    /// a valid OpenPGP message".
    /// </summary>
    public static byte[] ReadDecryptedLiteralData(byte[] packets, string what)
    {
        try
        {
            return ReadLiteralData(packets);
        }
        catch (Exception e) when (e is not (SecretDecryptionException or OutOfMemoryException))
        {
            throw new SecretDecryptionException($"the decrypted {what} is not a valid OpenPGP message", e);
        }
        finally
        {
            PrivateFile.Clear(packets);
        }
    }
}
