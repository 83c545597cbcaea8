using Mandos.Core.OpenPgp;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Two 1024-bit client key sets, generated once per test run (4096-bit keys take seconds).</summary>
internal static class SmallKeys
{
    private static readonly Lazy<OpenPgpKeySet> LazyClient = new(() => Generate("test-client"));
    private static readonly Lazy<OpenPgpKeySet> LazyStranger = new(() => Generate("stranger"));

    public static OpenPgpKeySet Client => LazyClient.Value;

    public static OpenPgpKeySet Stranger => LazyStranger.Value;

    public static OpenPgpKeySet Generate(string name, TimeSpan? lifetime = null) =>
        OpenPgpKeyGenerator.Generate(new OpenPgpKeyParameters(name)
        {
            PrimaryKeyBits = 1024,
            SubkeyBits = 1024,
            Lifetime = lifetime,
        });

    public static SecretDecryptor DecryptorFor(OpenPgpKeySet keys) =>
        new(new PgpSecretKeyRingBundle(keys.SecretKeys.GetEncoded()), "seckey.txt");

    public static SecretEncryptor EncryptorFor(OpenPgpKeySet keys) => new(keys.PublicKeys, keys.SecretKeys);
}
