using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Server.Config;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Server.State.Upstream;

/// <summary>
/// <c>&lt;statedir&gt;/clients.pickle</c>, the state upstream's server (Debian's <c>mandos</c>
/// package) saves at exit. Taken over once, when no <c>clients.json</c> of ours exists yet, so
/// that an upgrade keeps every client as the old server left it: a client it disabled stays
/// disabled. Once our first save has written <c>clients.json</c>, the file is renamed to
/// <c>clients.pickle.migrated</c> (mode 0600: it holds encrypted secrets, and upstream leaves the
/// secrets of clients removed at run time in it unencrypted). A file this reader refuses is moved
/// to <c>clients.pickle.corrupt</c> (0600 too); the server then keeps to its own state, or
/// starts from <c>clients.conf</c> when it has none, as for a damaged <c>clients.json</c>.
/// </summary>
public sealed class UpstreamStateFile(string directory)
{
    public const string FileName = "clients.pickle";

    /// <summary>10,000 clients take about 40 MB in upstream's format; a larger file is not upstream's.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    public string FilePath { get; } = Path.Combine(directory, FileName);

    public string MigratedPath => FilePath + ".migrated";

    public string CorruptPath => FilePath + ".corrupt";

    public bool Exists => File.Exists(FilePath);

    /// <summary>
    /// Reads and converts the file; never throws for a missing, unreadable or damaged file. A file
    /// that is not upstream's state (damaged, not a pickle this reader takes, not a regular file,
    /// too long) is moved to <see cref="CorruptPath"/> (0600), so that no later start trips on it;
    /// one that cannot be read (permissions, I/O) stays where it is. Either way the result's
    /// <see cref="StateLoadResult.Warning"/> says so and holds no clients: the caller falls back to
    /// its own state, or to clients.conf.
    /// </summary>
    public UpstreamTakeover Load(IReadOnlyList<ClientSection> config, DateTime now)
    {
        byte[] bytes;
        try
        {
            bytes = ReadRegularFile(out string? notRegular);
            if (notRegular is not null)
            {
                return Unusable(notRegular, moveAside: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unusable($"cannot be read: {ErrorText.Of(e, FilePath)}", moveAside: false);
        }

        try
        {
            object? root = PickleReader.Read(bytes);
            UpstreamTakeover takeover = UpstreamState.ToOurs(root, config, now, FilePath);
            return takeover with
            {
                Saved = takeover.Saved with
                {
                    Note = $"Taking over the state upstream's mandos saved in {FilePath}: {takeover.Saved.Clients.Count} clients",
                },
            };
        }
        catch (PickleFormatException e)
        {
            return Unusable(ErrorText.Of(e), moveAside: true);
        }
        finally
        {
            // Upstream leaves the secrets of clients removed at run time in the file unencrypted.
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// The file's bytes, opened without blocking (a FIFO would hang the start) and checked on the
    /// open descriptor: a regular file of at most <see cref="MaxBytes"/>, read no further than that
    /// (a symbolic link to /dev/zero reports a length of 0 and never ends). Otherwise the reason.
    /// </summary>
    private byte[] ReadRegularFile(out string? notRegular)
    {
        notRegular = null;
        int fd = Libc.Open(FilePath, OpenFlags.ReadOnly | OpenFlags.NonBlocking | OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            throw new IOException(ErrorText.Strerror(Marshal.GetLastPInvokeError()), Marshal.GetLastPInvokeError());
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FileStatus.Of(fd) is not { IsRegularFile: true })
        {
            notRegular = "is not a regular file";
            return [];
        }
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        using var contents = new MemoryStream();
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (contents.Length + read > MaxBytes)
            {
                notRegular = $"is longer than upstream's state ever is ({MaxBytes} bytes)";
                return [];
            }
            contents.Write(buffer, 0, read);
        }
        byte[] bytes = contents.ToArray();
        CryptographicOperations.ZeroMemory(contents.GetBuffer());
        CryptographicOperations.ZeroMemory(buffer);
        return bytes;
    }

    /// <summary>After <c>clients.json</c> is written: keeps the file as <see cref="MigratedPath"/>, 0600. Null, or one problem line.</summary>
    public string? MarkMigrated()
    {
        try
        {
            File.Move(FilePath, MigratedPath, overwrite: true);
            File.SetUnixFileMode(MigratedPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Took over {FilePath} but could not rename it to {MigratedPath}: {ErrorText.Of(e, FilePath)}";
        }
    }

    private UpstreamTakeover Unusable(string problem, bool moveAside)
    {
        string fate = "left it where it is";
        if (moveAside)
        {
            try
            {
                File.Move(FilePath, CorruptPath, overwrite: true);
                File.SetUnixFileMode(CorruptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                fate = $"moved it to {CorruptPath}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                fate = $"could not move it aside ({ErrorText.Of(e, FilePath)})";
            }
        }

        return new UpstreamTakeover(StateLoadResult.Empty with
        {
            Warning = $"Upstream's saved state {FilePath} {problem}; {fate}",
        }, []);
    }
}
