using System.Security.Cryptography;
using System.Text;
using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

[Lane(Lane.Unit)]
public sealed class SecretSealerTests : IDisposable
{
    private readonly TempDir _dir = new("mandos-state-");
    private readonly byte[] _configSecret = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _runtimeSecret = RandomNumberGenerator.GetBytes(300);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SecretIsNeitherInPlaintextNorInBase64NorInHexInTheFile()
    {
        var file = new StateFile(_dir.Path);
        byte[] sealedSecret = SecretSealer.Seal("foo", _runtimeSecret, _configSecret);
        file.Save([ClientState.Fresh(Section(), Now) with { EncryptedSecret = sealedSecret }], []);

        byte[] bytes = File.ReadAllBytes(file.FilePath);
        string text = Encoding.UTF8.GetString(bytes);

        Assert.Equal(-1, bytes.AsSpan().IndexOf(_runtimeSecret.AsSpan(0, 16)));
        for (int shift = 0; shift < 3; shift++) // base64 of the secret looks different at each alignment
        {
            Assert.DoesNotContain(Convert.ToBase64String(_runtimeSecret, shift, 48), text);
        }

        Assert.DoesNotContain(Convert.ToHexString(_runtimeSecret, 0, 16), text, StringComparison.OrdinalIgnoreCase);
        Assert.True(SecretSealer.TryOpen("foo", file.Load().Clients[0].EncryptedSecret!, _configSecret, out byte[]? opened));
        Assert.Equal(_runtimeSecret, opened);
    }

    [Fact]
    public void SealedSecretOpensOnlyWithTheConfiguredSecretItWasSealedWith()
    {
        byte[] sealedSecret = SecretSealer.Seal("foo", _runtimeSecret, _configSecret);

        Assert.True(SecretSealer.TryOpen("foo", sealedSecret, _configSecret, out byte[]? opened));
        Assert.Equal(_runtimeSecret, opened);
        Assert.False(SecretSealer.TryOpen("foo", sealedSecret, RandomNumberGenerator.GetBytes(64), out _));
        Assert.False(SecretSealer.TryOpen("foo", sealedSecret, _configSecret[..63], out _));
    }

    [Fact]
    public void SealedSecretOpensOnlyForItsClient()
    {
        byte[] sealedSecret = SecretSealer.Seal("foo", _runtimeSecret, _configSecret);

        Assert.False(SecretSealer.TryOpen("bar", sealedSecret, _configSecret, out _));
    }

    [Fact]
    public void DamagedOrShortSealedSecretDoesNotOpen()
    {
        byte[] sealedSecret = SecretSealer.Seal("foo", _runtimeSecret, _configSecret);
        sealedSecret[40] ^= 1;

        Assert.False(SecretSealer.TryOpen("foo", sealedSecret, _configSecret, out _));
        Assert.False(SecretSealer.TryOpen("foo", new byte[20], _configSecret, out _));
        Assert.False(SecretSealer.TryOpen("foo", [], _configSecret, out _));
    }

    [Fact]
    public void SealingTwiceGivesDifferentBytes()
    {
        Assert.NotEqual(
            SecretSealer.Seal("foo", _runtimeSecret, _configSecret),
            SecretSealer.Seal("foo", _runtimeSecret, _configSecret));
    }

    [Fact]
    public void SecretUnchangedFromTheConfigurationIsNotStoredAtAll()
    {
        Assert.Null(SecretSealer.SealIfChanged("foo", (byte[])_configSecret.Clone(), _configSecret));
        Assert.NotNull(SecretSealer.SealIfChanged("foo", _runtimeSecret, _configSecret));
    }

    [Fact]
    public void EmptySecretRoundTrips()
    {
        byte[] sealedSecret = SecretSealer.Seal("foo", [], _configSecret);

        Assert.True(SecretSealer.TryOpen("foo", sealedSecret, _configSecret, out byte[]? opened));
        Assert.Empty(opened);
    }
}
