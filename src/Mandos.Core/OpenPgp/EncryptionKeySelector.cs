using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mandos.Core.OpenPgp;

/// <summary>Picks the key gpg would encrypt to: a valid key whose self-signature allows encryption.</summary>
internal static class EncryptionKeySelector
{
    private const int EncryptionFlags = PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage;

    public static PgpPublicKey Select(PgpPublicKeyRing ring)
    {
        PgpPublicKey? chosen = null;
        foreach (PgpPublicKey key in ring.GetPublicKeys())
        {
            if (key.IsEncryptionKey && !key.HasRevocation() && !HasExpired(key) && AllowsEncryption(key))
            {
                chosen = key; // gpg prefers the newest suitable subkey: the last one listed
            }
        }
        return chosen ?? throw new PgpException("the OpenPGP key has no usable encryption subkey (expired or missing)");
    }

    private static bool AllowsEncryption(PgpPublicKey key)
    {
        IEnumerable<PgpSignature> signatures = key.IsMasterKey
            ? key.GetSignatures()
            : key.GetSignaturesOfType(PgpSignature.SubkeyBinding);
        bool anyFlags = false;
        foreach (PgpSignature signature in signatures)
        {
            PgpSignatureSubpacketVector? hashed = signature.GetHashedSubPackets();
            if (hashed is not null && hashed.HasSubpacket(Org.BouncyCastle.Bcpg.SignatureSubpacketTag.KeyFlags))
            {
                anyFlags = true;
                if ((hashed.GetKeyFlags() & EncryptionFlags) != 0)
                {
                    return true;
                }
            }
        }
        return !anyFlags && !key.IsMasterKey; // an old subkey without flags: its algorithm decides
    }

    private static bool HasExpired(PgpPublicKey key)
    {
        long valid = key.GetValidSeconds();
        return valid > 0 && key.CreationTime.AddSeconds(valid) <= DateTime.UtcNow;
    }
}
