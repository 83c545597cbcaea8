using Mandos.Core.Errors;
using Mandos.Server.Config;

namespace Mandos.Server.State.Upstream;

/// <summary>
/// <c>&lt;statedir&gt;/clients.pickle</c>, the state upstream's server (Debian's <c>mandos</c>
/// package) saves at exit. Taken over once, when no <c>clients.json</c> of ours exists yet, so
/// that an upgrade keeps every client as the old server left it: a client it disabled stays
/// disabled. Once our first save has written <c>clients.json</c>, the file is renamed to
/// <c>clients.pickle.migrated</c> (mode 0600: it holds encrypted secrets, and upstream leaves the
/// secrets of clients removed at run time in it unencrypted). A file this reader refuses is moved
/// to <c>clients.pickle.corrupt</c> and the server starts from <c>clients.conf</c>, as for a
/// damaged <c>clients.json</c>.
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

    /// <summary>Reads and converts the file; never throws for a missing, unreadable or damaged file.</summary>
    public UpstreamTakeover Load(IReadOnlyList<ClientSection> config, DateTime now)
    {
        byte[] bytes;
        try
        {
            long length = new FileInfo(FilePath).Length;
            if (length > MaxBytes)
            {
                return Unusable($"is {length} bytes long, more than upstream's state ever is ({MaxBytes})");
            }
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unusable($"cannot be read: {ErrorText.Of(e, FilePath)}");
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
            return Unusable(ErrorText.Of(e));
        }
    }

    /// <summary>After <c>clients.json</c> is written: keeps the file as <see cref="MigratedPath"/>, 0600. Null, or one problem line.</summary>
    public string? MarkMigrated()
    {
        try
        {
            File.Move(FilePath, MigratedPath, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(MigratedPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Took over {FilePath} but could not rename it to {MigratedPath}: {ErrorText.Of(e, FilePath)}";
        }
    }

    private UpstreamTakeover Unusable(string problem)
    {
        string fate;
        try
        {
            File.Move(FilePath, CorruptPath, overwrite: true);
            fate = $"moved it to {CorruptPath}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fate = $"could not move it aside ({ErrorText.Of(e, FilePath)})";
        }

        return new UpstreamTakeover(StateLoadResult.Empty with
        {
            Warning = $"Saved state {FilePath} {problem}; starting from clients.conf; {fate}",
        }, []);
    }
}
