using System.Text;
using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

[Lane(Lane.Unit)]
public sealed class StateFileTests : IDisposable
{
    private readonly TempDir _dir = new("mandos-state-");

    private StateFile File => new(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryFieldRoundTripsWithTimestampsInUtc()
    {
        var full = EveryFieldSet("full");
        var sparse = ClientState.Fresh(Section("sparse", enabled: false), Now); // null timestamps, status -2
        var removed = new RemovedClient("gone", Section("gone").Settings);
        File.Save([full, sparse], [removed]);

        var loaded = File.Load();

        Assert.Null(loaded.Warning);
        Assert.Null(loaded.Note);
        Assert.Equal(2, loaded.Clients.Count);
        Assert.Equal(full with { EncryptedSecret = null }, loaded.Clients[0] with { EncryptedSecret = null });
        Assert.Equal(full.EncryptedSecret, loaded.Clients[0].EncryptedSecret);
        Assert.Equal(sparse, loaded.Clients[1]);
        Assert.Null(loaded.Clients[1].LastEnabled);
        Assert.Null(loaded.Clients[1].LastCheckerSignal);
        Assert.Equal(-2, loaded.Clients[1].LastCheckerStatus);
        Assert.Equal(removed, Assert.Single(loaded.Removed));
        Assert.Equal(DateTimeKind.Utc, loaded.Clients[0].Expires!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, loaded.Clients[0].Created.Kind);
    }

    [Fact]
    public void DurationsOfYearsAndTheLastInstantRoundTripExactly()
    {
        TimeSpan longest = TimeSpan.FromSeconds(Mandos.Core.Config.DurationParser.MaxSeconds);
        var state = ClientState.Fresh(Section("long"), Now).WithSettings(s => s with
        {
            Timeout = TimeSpan.FromMilliseconds((1L << 32) - 1),
            Interval = TimeSpan.FromMilliseconds(1L << 32),
            ExtendedTimeout = TimeSpan.FromMilliseconds((1L << 32) + 1),
            ApprovalDelay = TimeSpan.FromDays(7000), // P1000W
            ApprovalDuration = longest,
        }) with
        { Expires = DateTime.MaxValue };
        File.Save([state], []);

        Assert.Equal(state, Assert.Single(File.Load().Clients));
    }

    [Fact]
    public void SettingsAndStateShareNoJsonNameSinceTheyShareOneObjectInTheFile()
    {
        Assert.Contains("host", ClientStateListConverter.SettingNames);
        Assert.Contains("last_enabled", ClientStateListConverter.StateNames);
        Assert.Empty(ClientStateListConverter.SettingNames.Intersect(ClientStateListConverter.StateNames));
    }

    [Fact]
    public void TimestampWithoutKindIsTakenAsUtc()
    {
        var unspecified = DateTime.SpecifyKind(Now, DateTimeKind.Unspecified);
        File.Save([ClientState.Fresh(Section(), Now) with { Created = unspecified }], []);

        var created = File.Load().Clients[0].Created;

        Assert.Equal(DateTimeKind.Utc, created.Kind);
        Assert.Equal(Now, created);
    }

    [Fact]
    public void FileNamesItsFormatVersionFirst()
    {
        File.Save([], []);

        Assert.StartsWith("{\"format\":1,", System.IO.File.ReadAllText(File.FilePath));
    }

    [Fact]
    public void SaveReplacesTheFileAndLeavesNothingElse()
    {
        File.Save([ClientState.Fresh(Section("a"), Now)], []);
        File.Save([ClientState.Fresh(Section("b"), Now)], []);

        Assert.Equal([File.FilePath], Directory.GetFiles(_dir.Path));
        Assert.Equal("b", Assert.Single(File.Load().Clients).Name);
    }

    [Fact]
    public void FileIsReadableByItsOwnerOnly()
    {
        File.Save([ClientState.Fresh(Section(), Now)], []);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File.FilePath));
    }

    [Fact]
    public void StrayTempFilesOfAKilledSaveAreIgnoredThenRemoved()
    {
        File.Save([ClientState.Fresh(Section("old"), Now)], []);
        string stray = Path.Combine(_dir.Path, "clients.json.0123456789abcdef.tmp");
        System.IO.File.WriteAllText(stray, "{\"format\":1,\"clients\":[{\"na"); // killed mid-write

        Assert.Equal("old", Assert.Single(File.Load().Clients).Name);
        File.Save([ClientState.Fresh(Section("new"), Now)], []); // a new process: its first save looks

        Assert.Equal([File.FilePath], Directory.GetFiles(_dir.Path));
        Assert.Equal("new", Assert.Single(File.Load().Clients).Name);
    }

    [Fact]
    public void UnrelatedFilesInTheDirectoryAreLeftAlone()
    {
        string other = Path.Combine(_dir.Path, "clients.pickle");
        System.IO.File.WriteAllText(other, "upstream's");

        File.Save([], []);

        Assert.Equal("upstream's", System.IO.File.ReadAllText(other));
    }

    [Fact]
    public void MissingFileIsANoteNotAWarning()
    {
        var loaded = File.Load();

        Assert.Empty(loaded.Clients);
        Assert.Null(loaded.Warning);
        Assert.Contains(File.FilePath, loaded.Note);
    }

    [Fact]
    public void TruncatedFileIsMovedAsideWithOneWarning()
    {
        File.Save([EveryFieldSet("a"), EveryFieldSet("b")], []);
        byte[] bytes = System.IO.File.ReadAllBytes(File.FilePath);
        System.IO.File.WriteAllBytes(File.FilePath, bytes[..(bytes.Length / 2)]);

        AssertUnusable(File.Load(), "is not valid", bytes[..(bytes.Length / 2)]);
    }

    [Theory]
    [InlineData("", "is not valid")]
    [InlineData("\0\0\0\0", "is not valid")]
    [InlineData("[]", "is not valid")]
    [InlineData("{\"format\":2,\"whatever\":[]}", "unknown format version 2")]
    [InlineData("{\"clients\":[],\"removed\":[]}", "is not valid")]
    [InlineData("{\"format\":1,\"clients\":[{\"name\":null}],\"removed\":[]}", "is not valid")]
    [InlineData("{\"format\":1,\"clients\":[],\"removed\":[{\"name\":\"x\"}]}", "is not valid")]
    public void DamagedFileIsMovedAsideWithOneWarning(string content, string problem)
    {
        System.IO.File.WriteAllText(File.FilePath, content);

        AssertUnusable(File.Load(), problem, Encoding.UTF8.GetBytes(content));
    }

    [Fact]
    public void FileNamingAClientTwiceIsMovedAside()
    {
        File.Save([EveryFieldSet("a"), EveryFieldSet("a")], []);
        byte[] bytes = System.IO.File.ReadAllBytes(File.FilePath);

        AssertUnusable(File.Load(), "names client \"a\" twice", bytes);
    }

    [Fact]
    public void SaveAfterAnUnusableFileKeepsTheMovedCopy()
    {
        System.IO.File.WriteAllText(File.FilePath, "garbage");
        File.Load();
        File.Save([ClientState.Fresh(Section(), Now)], []);

        Assert.Equal("garbage", System.IO.File.ReadAllText(File.CorruptPath));
        Assert.Single(File.Load().Clients);
    }

    [Fact]
    public void SaveIntoAMissingDirectoryFailsWithOneLineNamingTheFile()
    {
        var file = new StateFile(Path.Combine(_dir.Path, "missing"));

        var e = Assert.Throws<StateFileException>(() => file.Save([], []));

        Assert.StartsWith($"Could not save state to {file.FilePath}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private void AssertUnusable(StateLoadResult loaded, string problem, byte[] original)
    {
        Assert.Empty(loaded.Clients);
        Assert.Empty(loaded.Removed);
        Assert.NotNull(loaded.Warning);
        Assert.Contains(File.FilePath, loaded.Warning);
        Assert.Contains(problem, loaded.Warning);
        Assert.Contains($"moved it to {File.CorruptPath}", loaded.Warning);
        Assert.DoesNotContain('\n', loaded.Warning);
        Assert.False(System.IO.File.Exists(File.FilePath));
        Assert.Equal(original, System.IO.File.ReadAllBytes(File.CorruptPath));
    }
}
