using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Packaging;

/// <summary>
/// The .deb files of `make deb`, built once per test run from the current build/bin and
/// debian/manifest into a scratch directory (never the build/deb a developer may be using).
/// </summary>
public sealed class BuiltPackages : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);
    private readonly TempDir _dir = new("mandos-debs-");

    public string Directory => Path.Combine(_dir.Path, "deb");

    public async Task InitializeAsync()
    {
        foreach (string program in new[] { "mandos", "mandos-ctl", "mandos-keygen", "mandos-client" })
        {
            _ = RepoPaths.Program(program);
        }
        ProcessRunner.Result build = await ProcessRunner.RunAsync("bash", [Path.Combine(RepoPaths.Root, "debian", "build-debs.sh")],
            Limit, new Dictionary<string, string> { ["DEB_OUT"] = Directory });
        if (build.ExitCode != 0 || build.TimedOut)
        {
            throw new InvalidOperationException($"debian/build-debs.sh failed ({build.ExitCode}):\n{build.StdoutText}\n{build.Stderr}");
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}
