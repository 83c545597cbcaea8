using System.Security.Cryptography;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Core.Posix;

namespace Mandos.Keygen.Preflight.Keys;

/// <summary>
/// The first check: the key directory holds all four files, the private ones are root's alone,
/// the TLS private key belongs to the public one (its key_id is what the server knows the client
/// by), and what is encrypted to pubkey.txt decrypts with seckey.txt (a fresh random test message,
/// cleared afterwards).
/// </summary>
internal static class KeySetCheck
{
    private const string Check = "keys";
    private const uint GroupOrOthers = 0b000_111_111;
    private const int MaxKeyFileBytes = 1 << 20;

    public static (List<CheckResult> Results, ClientKeyFiles? Keys) Run(string directory)
    {
        var results = new List<CheckResult>();
        string remake = $"make a new key set with mandos-keygen --dir {directory} (then give the server the section mandos-keygen --password prints, and run update-initramfs -u)";
        FileStatus? dir = FileStatus.Of(directory);
        if (dir is not { IsDirectory: true })
        {
            results.Add(CheckResult.Failed(Check, $"{directory} is not a directory", remake));
            return (results, null);
        }
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        bool complete = true;
        foreach (string name in ClientKeyFiles.Names)
        {
            string path = Path.Combine(directory, name);
            FileStatus status;
            try
            {
                // Opened once, checked on the open file: no window for a swapped path.
                files[name] = RegularFile.ReadAll(path, MaxKeyFileBytes, followLinks: true, out status);
            }
            catch (IOException e)
            {
                results.Add(CheckResult.Failed(Check, RegularFile.Describe(path, e), e.HResult == 13 ? "run the test as root" : remake));
                complete = false;
                continue;
            }
            if (ClientKeyFiles.PrivateNames.Contains(name) && ((status.Permissions & GroupOrOthers) != 0 || status.Owner != 0))
            {
                results.Add(CheckResult.Failed(Check,
                    $"{path} is not private: owner uid {status.Owner}, mode {Convert.ToString(status.Permissions, 8).PadLeft(4, '0')}",
                    $"chown root:root {path} && chmod 600 {path}, and consider the key compromised: {remake}"));
            }
        }
        if (!complete)
        {
            ClientKeyFiles.Clear(files);
            return (results, null);
        }
        string keyId;
        string fingerprint;
        try
        {
            // What was read, not the files again. Lower case, as mandos-keygen --password writes it into clients.conf.
            keyId = TlsKeyPair.Parse(files[ClientKeyFiles.TlsPublicKey], files[ClientKeyFiles.TlsPrivateKey],
                Path.Combine(directory, ClientKeyFiles.TlsPrivateKey)).KeyId.ToLowerInvariant();
            fingerprint = OpenPgpRoundTrip(directory, files);
        }
        catch (KeyFileException e)
        {
            results.Add(CheckResult.Failed(Check, $"the key set in {directory} does not hold together: {ErrorText.Of(e)}", remake));
            ClientKeyFiles.Clear(files);
            return (results, null);
        }
        if (results.Count == 0)
        {
            results.Add(CheckResult.Ok(Check,
                $"{directory} holds a private, consistent key set: TLS key_id {keyId}, OpenPGP fingerprint {fingerprint} (it decrypts what is encrypted to it)"));
        }
        return (results, new ClientKeyFiles(directory, files, keyId, fingerprint));
    }

    /// <summary>Encrypts random bytes to pubkey.txt and decrypts them with seckey.txt; returns the fingerprint.</summary>
    private static string OpenPgpRoundTrip(string directory, Dictionary<string, byte[]> files)
    {
        string publicKey = Path.Combine(directory, ClientKeyFiles.PublicKey);
        string secretKey = Path.Combine(directory, ClientKeyFiles.SecretKey);
        byte[] probe = RandomNumberGenerator.GetBytes(32);
        byte[]? back = null;
        try
        {
            SecretEncryptor encryptor;
            try
            {
                encryptor = SecretEncryptor.Parse(files[ClientKeyFiles.PublicKey], files[ClientKeyFiles.SecretKey], publicKey, secretKey);
            }
            catch (Org.BouncyCastle.Bcpg.OpenPgp.PgpException e)
            {
                throw new KeyFileException(publicKey, ErrorText.Of(e), e);
            }
            byte[] message = encryptor.Encrypt(probe);
            try
            {
                back = new SecretDecryptor(OpenPgpKeyFile.ParseSecretKeys(files[ClientKeyFiles.SecretKey], secretKey), secretKey).Decrypt(message);
            }
            catch (SecretDecryptionException e)
            {
                throw new KeyFileException(secretKey, $"does not decrypt what is encrypted to {publicKey}: {ErrorText.Of(e)}", e);
            }
            return CryptographicOperations.FixedTimeEquals(back, probe)
                ? encryptor.Fingerprint
                : throw new KeyFileException(secretKey, $"decrypts what is encrypted to {publicKey} into something else");
        }
        finally
        {
            PrivateFile.Clear(probe);
            PrivateFile.Clear(back);
        }
    }
}
