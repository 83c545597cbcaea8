using Mandos.Keygen.Preflight;

namespace Mandos.Keygen.Tests.Preflight;

/// <summary>The command line of mandos-keygen --test.</summary>
[Lane(Lane.Unit)]
public sealed class KeygenTestOptionsTests
{
    [Fact]
    public void TestOptionsAreRead()
    {
        KeygenOptions options = KeygenOptions.Parse(["--test", "--initramfs=", "--connect", "192.0.2.1:7000", "--device", "/dev/sda3",
            "--device=/dev/sdb1", "--timeout", "2.5", "--json"]);

        Assert.True(options.Test);
        Assert.Equal("", options.Initramfs);
        Assert.Equal("192.0.2.1:7000", options.Connect);
        Assert.Equal(["/dev/sda3", "/dev/sdb1"], options.Devices);
        Assert.Equal(2.5, options.Timeout);
        Assert.True(options.Json);
    }

    [Fact]
    public void WithoutInitramfsTheRunningKernelsIsMeant() =>
        Assert.Null(KeygenOptions.Parse(["--test"]).Initramfs);

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e12")]
    [InlineData("86401")]
    public void ATimeoutMustBeSensible(string value)
    {
        KeygenException e = Assert.Throws<KeygenException>(() => KeygenOptions.Parse(["--test", "--timeout", value]));

        Assert.Contains("--timeout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TestOptionsWithoutTestAreAnError()
    {
        KeygenException e = Assert.Throws<KeygenException>(() => KeygenOptions.Parse(["--device", "/dev/sda3"]));

        Assert.Equal("--device is an option of --test only", e.Message);
    }
}
