using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Xunit;

namespace Mandos.Core.Tests.Errors;

/// <summary>The runtime's exceptions are told by their cause, never by their message (a resource key under NativeAOT).</summary>
[Lane(Lane.Unit)]
public sealed class ErrorTextTests
{
    [Fact]
    public void MissingFileIsNoSuchFileOrDirectory()
    {
        var e = Assert.ThrowsAny<IOException>(() => File.ReadAllText("/nonexistent/mandos-test"));
        Assert.Equal("No such file or directory", ErrorText.Of(e, "/nonexistent/mandos-test"));
    }

    [Fact]
    public void DirectoryWhereAFileIsExpectedIsADirectory()
    {
        string dir = Path.GetTempPath();
        Exception e = Assert.ThrowsAny<Exception>(() => File.ReadAllText(dir));
        Assert.Equal("Is a directory", ErrorText.Of(e, dir));
    }

    [Fact]
    public void ErrnoOfAnIOExceptionIsToldAsTheCLibraryTellsIt() =>
        Assert.Equal("File exists", ErrorText.Of(new IOException("IO_FileExists_Name, /x", 17)));

    [Fact]
    public void OtherRuntimeExceptionsAreNamedByKindNotMessage()
    {
        Assert.Equal("internal error (InvalidOperationException)", ErrorText.Of(new InvalidOperationException("InvalidOperation_Key")));
        Assert.Equal("a malformed or out-of-range value (ArgumentOutOfRangeException)",
            ErrorText.Of(new ArgumentOutOfRangeException("dueTime", "ArgumentOutOfRange_Generic_MustBeLessOrEqual")));
    }

    [Fact]
    public void OurOwnExceptionsKeepTheirSentence() =>
        Assert.Equal("--delay must be between 0 and 5 seconds", ErrorText.Of(new UsageException("--delay must be between 0 and 5 seconds")));

    [Fact]
    public void UnexpectedFailureIsOneLineNamingProgramAndActivity() =>
        Assert.Equal("mandos-ctl: listing the clients: failed: internal error (KeyNotFoundException)",
            TopLevelGuard.Sentence("mandos-ctl", "listing the clients", new KeyNotFoundException()));
}
