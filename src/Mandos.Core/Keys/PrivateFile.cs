using System.Security.Cryptography;

namespace Mandos.Core.Keys;

/// <summary>
/// Reading and writing files that hold keys: created 0600 from the start (never widened then
/// narrowed) and read with errors that name the file.
/// </summary>
public static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (which must not exist) with mode 0600, writes and fsyncs it.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> contents)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, Describe(path, e), e);
        }
    }

    /// <summary>Reads a whole key file, turning I/O failures into a <see cref="KeyFileException"/>.</summary>
    public static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, Describe(path, e), e);
        }
    }

    /// <summary>Clears a buffer that held secret material.</summary>
    public static void Clear(byte[]? buffer)
    {
        if (buffer is not null)
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    // The cause only, so the line names the file once.
    internal static string Describe(string path, Exception e) => Errors.ErrorText.Of(e, path);
}
