using Mandos.Keygen.Preflight.Network;

namespace Mandos.Keygen.Tests.Preflight.Network;

/// <summary>The request the root side hands the probe on its descriptor 3.</summary>
[Lane(Lane.Unit)]
public sealed class ProbeRequestTests
{
    private static ProbeRequest Sample() =>
        new("/etc/keys/mandos", "pub"u8.ToArray(), "priv"u8.ToArray(), "sec"u8.ToArray(), "[2001:db8::1]:7000", ["eth0", "eth1"], 2.5);

    [Fact]
    public void ARequestReadsBackAsWritten()
    {
        using ProbeRequest read = ProbeRequest.Decode(Sample().Encode())!;

        Assert.Equal(("/etc/keys/mandos", "[2001:db8::1]:7000", 2.5), (read.KeyDirectory, read.Connect, read.TimeoutSeconds));
        Assert.Equal(["eth0", "eth1"], read.Interfaces);
        Assert.Equal("priv"u8.ToArray(), read.TlsPrivateKey);
        Assert.Equal("sec"u8.ToArray(), read.SecretKey);
    }

    [Fact]
    public void NoServerMeansMdns()
    {
        using ProbeRequest read = ProbeRequest.Decode(new ProbeRequest("/k", [], [], [], null, [], 30).Encode())!;

        Assert.Null(read.Connect);
        Assert.Empty(read.Interfaces);
    }

    [Fact]
    public void AnythingElseIsNoRequest()
    {
        byte[] good = Sample().Encode();

        Assert.Null(ProbeRequest.Decode([]));
        Assert.Null(ProbeRequest.Decode("/etc/keys/mandos"u8));
        Assert.Null(ProbeRequest.Decode(good.AsSpan(0, good.Length - 1)));
        Assert.Null(ProbeRequest.Decode([.. good, 0]));
        byte[] hugeLength = (byte[])good.Clone();
        hugeLength[0] = 0x7f;
        Assert.Null(ProbeRequest.Decode(hugeLength));
    }

    [Fact]
    public void DisposingClearsThePrivateKeys()
    {
        ProbeRequest request = Sample();

        request.Dispose();

        Assert.All(request.TlsPrivateKey, b => Assert.Equal(0, b));
        Assert.All(request.SecretKey, b => Assert.Equal(0, b));
    }
}
