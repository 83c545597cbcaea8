using System.Security.Cryptography;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;
using Mandos.Core.Protocol;

namespace Mandos.Keygen;

/// <summary>
/// Password mode: encrypts a password to the key in the key directory and builds the client's
/// clients.conf section around it.
/// </summary>
internal static class ClientSectionCreator
{
    public static ClientSection Create(KeygenOptions options, KeyDirectory directory, string name, TextWriter errors)
    {
        SecretEncryptor encryptor = SecretEncryptor.Load(directory.PublicKeyFile, directory.SecretKeyFile);
        string? keyId = KeyDirectory.IsReadable(directory.TlsPublicKeyFile)
            ? LowerCaseKeyId(directory.TlsPublicKeyFile)
            : null;
        byte[] password = options.PassFile is string file
            ? PasswordSource.FromFile(file)
            : PasswordSource.Interactive(errors);
        try
        {
            string armored = encryptor.EncryptArmored(password);
            SshHostKey? ssh = options.NoSsh ? null : SshHostKeyScanner.Scan();
            return new ClientSection(name, keyId, encryptor.Fingerprint, armored, ssh);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    // mandos-keygen prints the key id in lower case; the server accepts either.
    private static string LowerCaseKeyId(string path) =>
        KeyId.FromSubjectPublicKeyInfo(TlsKeyPair.ReadSubjectPublicKeyInfo(path)).ToLowerInvariant();
}
