using Mandos.Core.Keys;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mandos.Core.OpenPgp;

/// <summary>Reading <c>seckey.txt</c> and <c>pubkey.txt</c> (armored or binary) with errors that name the file.</summary>
public static class OpenPgpKeyFile
{
    public static PgpSecretKeyRingBundle ReadSecretKeys(string path)
    {
        byte[] data = PrivateFile.ReadAll(path);
        try
        {
            return ParseSecretKeys(data, path);
        }
        finally
        {
            PrivateFile.Clear(data);
        }
    }

    /// <summary>Parses secret key rings; <paramref name="source"/> names the data in errors.</summary>
    public static PgpSecretKeyRingBundle ParseSecretKeys(byte[] data, string source)
    {
        PgpSecretKeyRingBundle bundle;
        try
        {
            using Stream decoded = PgpUtilities.GetDecoderStream(new MemoryStream(data, writable: false));
            bundle = new PgpSecretKeyRingBundle(decoded);
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException or InvalidCastException)
        {
            throw new KeyFileException(source, "not a valid OpenPGP secret key file", e);
        }
        return bundle.Count > 0 ? bundle : throw new KeyFileException(source, "no OpenPGP secret key found");
    }

    public static PgpPublicKeyRing ReadPublicKeys(string path) => ParsePublicKeys(PrivateFile.ReadAll(path), path);

    /// <summary>Parses a public key ring (the first of the data); <paramref name="path"/> names the data in errors.</summary>
    public static PgpPublicKeyRing ParsePublicKeys(byte[] data, string path)
    {
        PgpPublicKeyRingBundle bundle;
        try
        {
            using Stream decoded = PgpUtilities.GetDecoderStream(new MemoryStream(data, writable: false));
            bundle = new PgpPublicKeyRingBundle(decoded);
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException or InvalidCastException)
        {
            throw new KeyFileException(path, "not a valid OpenPGP public key file", e);
        }
        return bundle.GetKeyRings().FirstOrDefault()
            ?? throw new KeyFileException(path, "no OpenPGP public key found");
    }

    /// <summary>A key's v4 fingerprint as gpg prints it with <c>--with-colons</c>: 40 upper-case hex digits.</summary>
    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());
}
