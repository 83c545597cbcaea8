using Mandos.Core.Protocol;
using Xunit;

namespace Mandos.Core.Tests.Protocol;

public sealed class LoopbackExchangeTests
{
    [Lane(Lane.Loopback)]
    [Fact]
    public async Task BothTlsRolesAgreeOnKeyIdAndSecret() =>
        await LoopbackSelfTest.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

    [Lane(Lane.Unit)]
    [Fact]
    public void KeyIdIsUpperCaseSha256OfSpki()
    {
        Assert.Equal(KeyId.OfEmptyKey, KeyId.FromSubjectPublicKeyInfo([]));
        Assert.Equal("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", KeyId.FromSubjectPublicKeyInfo("abc"u8));
    }
}
