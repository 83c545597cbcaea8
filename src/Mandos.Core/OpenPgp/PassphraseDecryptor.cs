using Org.BouncyCastle.Bcpg;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// Decrypts what <c>gpg --symmetric --force-mdc</c> makes (RFC 4880: a symmetric-key encrypted
/// session key packet, version 4, whose S2K output is the key itself, then integrity protected
/// data), without gpg. Upstream's server stores each client's run-time secret this way in its
/// state file. AES only, as for <see cref="SecretDecryptor"/>; the integrity check comes before
/// anything of the contents is used. The key derivation is <see cref="StringToKey"/>'s, which
/// accepts only the parameters gpg writes.
/// </summary>
public static class PassphraseDecryptor
{
    /// <summary>The literal data. Throws <see cref="SecretDecryptionException"/> (also for a wrong passphrase).</summary>
    public static byte[] Decrypt(byte[] message, byte[] passphrase)
    {
        (SymmetricKeyEncSessionPacket? passphrasePacket, SymmetricEncIntegrityPacket data) = ReadPackets(message);
        if (passphrasePacket is null)
        {
            throw new SecretDecryptionException("the data is not encrypted with a passphrase");
        }
        if (passphrasePacket.Version != 4 || passphrasePacket.GetSecKeyData() is { Length: > 0 })
        {
            throw new SecretDecryptionException("the passphrase packet is of a kind gpg --symmetric does not write");
        }
        if (passphrasePacket.S2k is not { } s2k)
        {
            throw new SecretDecryptionException("the passphrase packet has no string-to-key specifier");
        }
        // Everything is checked and read before the (deliberately slow) key derivation starts.
        StringToKey.Check(s2k, passphrasePacket.EncAlgorithm);
        byte[] ciphertext = IntegrityProtectedData.ReadCiphertext(data);
        using SessionKey sessionKey = SessionKey.FromPassphraseKey(
            passphrasePacket.EncAlgorithm, StringToKey.Derive(s2k, passphrasePacket.EncAlgorithm, passphrase)); // clears the key when disposed
        return MessageReader.ReadDecryptedLiteralData(IntegrityProtectedData.Decrypt(ciphertext, sessionKey), "data");
    }

    private static (SymmetricKeyEncSessionPacket?, SymmetricEncIntegrityPacket) ReadPackets(byte[] message)
    {
        SymmetricKeyEncSessionPacket? passphrasePacket = null;
        try
        {
            var packets = new BcpgInputStream(new MemoryStream(message, writable: false));
            for (Packet? packet = packets.ReadPacket(); packet is not null; packet = packets.ReadPacket())
            {
                switch (packet)
                {
                    case SymmetricKeyEncSessionPacket first when passphrasePacket is null:
                        passphrasePacket = first;
                        break;
                    case SymmetricKeyEncSessionPacket or MarkerPacket:
                        break;
                    case SymmetricEncIntegrityPacket data:
                        return (passphrasePacket, data);
                    case SymmetricEncDataPacket:
                        throw new SecretDecryptionException("the data is not integrity protected (no modification detection code); refusing it");
                    default:
                        throw new SecretDecryptionException($"the data is not an encrypted OpenPGP message ({packet.PacketTag} packet)");
                }
            }
        }
        catch (Exception e) when (e is not (SecretDecryptionException or OutOfMemoryException))
        {
            // Hostile bytes make BouncyCastle's packet parser throw all sorts (end of stream, an
            // unsupported packet version, an argument out of range): each means the same here.
            throw new SecretDecryptionException("the data is not a valid OpenPGP message", e);
        }
        throw new SecretDecryptionException("the data holds no encrypted data");
    }
}
