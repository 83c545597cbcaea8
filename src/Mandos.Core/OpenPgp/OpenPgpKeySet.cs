using Mandos.Core.Keys;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mandos.Core.OpenPgp;

/// <summary>A freshly generated client key: the secret and public key rings and how to export them.</summary>
public sealed class OpenPgpKeySet(PgpSecretKeyRing secretKeys, PgpPublicKeyRing publicKeys, string armorComment)
{
    public PgpSecretKeyRing SecretKeys { get; } = secretKeys;

    public PgpPublicKeyRing PublicKeys { get; } = publicKeys;

    /// <summary>The primary key's v4 fingerprint, 40 upper-case hex digits.</summary>
    public string Fingerprint => OpenPgpKeyFile.Fingerprint(PublicKeys.GetPublicKey());

    /// <summary>The <c>seckey.txt</c> contents (unprotected secret keys, armored). Clear after use.</summary>
    public byte[] EncodeArmoredSecretKeys()
    {
        byte[] binary = SecretKeys.GetEncoded();
        try
        {
            return Armor.Encode(binary, armorComment);
        }
        finally
        {
            PrivateFile.Clear(binary);
        }
    }

    /// <summary>The <c>pubkey.txt</c> contents.</summary>
    public byte[] EncodeArmoredPublicKeys() => Armor.Encode(PublicKeys.GetEncoded(), armorComment);
}
