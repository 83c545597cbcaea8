using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Client;

/// <summary>mandos-client's options and exit codes: sysexits as upstream's, one clear line per mistake.</summary>
[Lane(Lane.Loopback)]
public sealed class ClientCommandLineTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<ProcessRunner.Result> Client(params string[] args) =>
        ProcessRunner.RunAsync(RepoPaths.Program("mandos-client"), args, Limit);

    [Fact]
    public async Task VersionIsUpstreams()
    {
        var run = await Client("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("mandos-client 1.8.18", run.StdoutText.Trim());
    }

    [Theory]
    [InlineData("--connect=nonsense")]
    [InlineData("--connect=127.0.0.1:99999")]
    [InlineData("--connect=not-an-address:7")]
    [InlineData("--retry=-1")]
    [InlineData("--bogus")]
    public async Task MalformedOptionIsUsageError(string option)
    {
        var run = await Client(option, "--tls-pubkey=/nonexistent", "--tls-privkey=/nonexistent");
        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("Mandos plugin mandos-client: ", run.Stderr);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task MissingKeyFileIsNamedAndUnavailable()
    {
        string missing = Path.Combine(_dir.Path, "tls-pubkey.pem");
        var run = await Client("--connect=127.0.0.1:9", $"--tls-pubkey={missing}", $"--tls-privkey={missing}");
        Assert.Equal(69, run.ExitCode);
        Assert.Contains(missing, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public async Task GarbageKeyFileIsNamedAndUnavailable()
    {
        string garbage = Path.Combine(_dir.Path, "tls-privkey.pem");
        File.WriteAllText(garbage, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        var run = await Client("--connect=127.0.0.1:9", $"--tls-pubkey={garbage}", $"--tls-privkey={garbage}");
        Assert.Equal(69, run.ExitCode);
        Assert.Contains(garbage, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
