using System.Text;
using Mandos.Core.OpenPgp;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>The libcrypto fast path and the BouncyCastle fallback decrypt alike and refuse alike.</summary>
[Lane(Lane.Unit)]
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class RsaBackendTests
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("same either way\n");

    [Fact]
    public void LibcryptoIsFoundOnThisMachine() =>
        Assert.True(OpenSslRsa.Available, "libcrypto.so.3 (Debian's libssl3) should be loadable here");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BothBackendsRecoverThePassword(bool disableLibcrypto)
    {
        bool before = OpenSslRsa.Disabled;
        OpenSslRsa.Disabled = disableLibcrypto;
        try
        {
            byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(Password);
            Assert.Equal(Password, SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));

            message[40] ^= 0x01; // inside the RSA-encrypted session key
            Assert.Throws<SecretDecryptionException>(() => SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message));
        }
        finally
        {
            OpenSslRsa.Disabled = before;
        }
    }
}
