using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// The client side: decrypts the secret a Mandos server sends with the client's own
/// <c>seckey.txt</c>. Accepts what gpg and <see cref="SecretEncryptor"/> produce (one or more
/// recipients, compressed or not, signed or not; the signature is not checked, as upstream's
/// client does not), insists on integrity protection, and needs neither OpenSSL nor GnuPG.
/// RSA keys (what mandos-keygen makes) and AES-encrypted data (what gpg uses for them) only.
/// </summary>
public sealed class SecretDecryptor
{
    private readonly PgpSecretKeyRingBundle _secretKeys;
    private readonly string _source;
    private readonly Dictionary<long, RsaKeyParameters> _privateKeys = [];
    private readonly Lock _lock = new();
    private readonly SecureRandom _random = KernelRandomGenerator.CreateSecureRandom();

    public SecretDecryptor(PgpSecretKeyRingBundle secretKeys, string source)
    {
        _secretKeys = secretKeys;
        _source = source;
    }

    /// <summary>Reads <c>seckey.txt</c> (armored or binary); throws <see cref="KeyFileException"/>.</summary>
    public static SecretDecryptor Load(string secretKeyPath) =>
        new(OpenPgpKeyFile.ReadSecretKeys(secretKeyPath), secretKeyPath);

    /// <summary>
    /// Decrypts <paramref name="message"/> (binary as the server sends it, or armored) and returns
    /// the literal data. Throws <see cref="SecretDecryptionException"/>.
    /// </summary>
    public byte[] Decrypt(byte[] message)
    {
        EncryptedMessage parsed = MessageReader.ReadEncryptedMessage(message);
        bool addressedToUs = false;
        foreach (PublicKeyEncSessionPacket recipient in parsed.Recipients)
        {
            foreach (PgpSecretKey candidate in CandidateKeys(recipient.KeyId))
            {
                addressedToUs = true;
                using SessionKey? sessionKey = RsaSessionKeyDecryptor.Decrypt(recipient, PrivateKeyFor(candidate), _random);
                if (sessionKey is not null)
                {
                    return MessageReader.ReadDecryptedLiteralData(IntegrityProtectedData.Decrypt(parsed.Data, sessionKey), "secret");
                }
            }
        }
        throw new SecretDecryptionException(addressedToUs
            ? $"could not decrypt the secret with the keys in {_source}"
            : $"the secret is not encrypted to any key in {_source}");
    }

    // Key id 0 is a hidden recipient (gpg --throw-keyids): every key of ours may be it.
    private IEnumerable<PgpSecretKey> CandidateKeys(long keyId)
    {
        IEnumerable<PgpSecretKey> keys = keyId != 0
            ? _secretKeys.GetSecretKey(keyId) is PgpSecretKey key ? [key] : []
            : _secretKeys.GetKeyRings().SelectMany(ring => ring.GetSecretKeys()).Where(k => k.PublicKey.IsEncryptionKey);
        return keys.Where(k => !k.IsPrivateKeyEmpty);
    }

    // A client may decrypt more than once (retries, several servers): build each private key once.
    private RsaKeyParameters PrivateKeyFor(PgpSecretKey key)
    {
        lock (_lock)
        {
            if (!_privateKeys.TryGetValue(key.KeyId, out RsaKeyParameters? privateKey))
            {
                privateKey = ExtractRsa(key);
                _privateKeys[key.KeyId] = privateKey;
            }
            return privateKey;
        }
    }

    private RsaKeyParameters ExtractRsa(PgpSecretKey key)
    {
        try
        {
            return LocalPrivateKey.Extract(key).Key as RsaKeyParameters
                ?? throw new SecretDecryptionException(
                    $"the key {key.KeyId:X16} in {_source} is a {key.PublicKey.Algorithm} key; only RSA keys are supported");
        }
        catch (PgpException e)
        {
            throw new SecretDecryptionException($"{_source}: {ErrorText.Of(e)}", e);
        }
    }
}
