using System.Text;
using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>Alone in its collection: it changes a process-wide environment variable.</summary>
[Lane(Lane.Unit)]
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class PrimalityTestSettingTests
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("correct horse\n");

    [Fact]
    public void DecryptionLeavesBouncyCastlesSettingAsItWas()
    {
        const string Variable = "Org.BouncyCastle.Rsa.MaxMRTests";
        string? before = Environment.GetEnvironmentVariable(Variable);
        try
        {
            byte[] message = SmallKeys.EncryptorFor(SmallKeys.Client).Encrypt(Password);
            Environment.SetEnvironmentVariable(Variable, "5");
            SmallKeys.DecryptorFor(SmallKeys.Client).Decrypt(message);
            Assert.Equal("5", Environment.GetEnvironmentVariable(Variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, before);
        }
    }
}
