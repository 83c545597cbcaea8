namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// Key sets made once for the whole run: one by Debian's mandos-keygen, one by ours, and one
/// that no server knows.
/// </summary>
public sealed class KeySetsFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new("mandos-keys-");

    public KeySet Debian { get; private set; } = null!;

    public KeySet Ours { get; private set; } = null!;

    public KeySet Unknown { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DebianPackages.Require();
        Task<KeySet> debian = KeySet.MakeAsync(DebianPackages.Keygen, Path.Combine(_dir.Path, "debian"), "debian-made",
            "pass from debian's keygen \u00e9\n");
        Task<KeySet> ours = KeySet.MakeAsync(RepoPaths.Program("mandos-keygen"), Path.Combine(_dir.Path, "ours"), "our-made",
            "correct horse battery staple");
        Task<KeySet> unknown = KeySet.MakeAsync(DebianPackages.Keygen, Path.Combine(_dir.Path, "unknown"), "stranger", "nobody knows");
        Debian = await debian;
        Ours = await ours;
        Unknown = await unknown;
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class KeySetsCollection : ICollectionFixture<KeySetsFixture>
{
    public const string Name = "key sets";
}
