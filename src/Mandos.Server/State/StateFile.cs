using System.Text.Json;
using Mandos.Core.Errors;

namespace Mandos.Server.State;

/// <summary>
/// <c>&lt;statedir&gt;/clients.json</c>, saved on every state change. A save writes a temporary
/// file beside it, syncs it, renames it over the old one and syncs the directory, so after a
/// crash or <c>kill -9</c> at any instant the file is the old or the new version, complete.
/// </summary>
public sealed class StateFile
{
    public const string FileName = "clients.json";

    /// <summary>Temporary files are <c>clients.json.&lt;random&gt;.tmp</c>.</summary>
    internal const string TempPattern = FileName + ".*.tmp";

    private readonly Lock _saveLock = new();
    private bool _strayTempFilesRemoved;

    public StateFile(string directory)
    {
        DirectoryPath = directory;
        FilePath = Path.Combine(directory, FileName);
        CorruptPath = FilePath + ".corrupt";
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    /// <summary>Where an unusable file is moved at startup, so that a later save does not destroy it.</summary>
    public string CorruptPath { get; }

    /// <summary>Replaces the file with these clients and removal markers; throws <see cref="StateFileException"/>.</summary>
    public void Save(IReadOnlyList<ClientState> clients, IReadOnlyList<RemovedClient> removed)
    {
        var document = new StateDocument { Format = StateDocument.CurrentFormat, Clients = clients, Removed = removed };
        lock (_saveLock)
        {
            RemoveStrayTempFiles();
            string tempPath = Path.Combine(DirectoryPath, $"{FileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                WriteTemp(tempPath, document);
                File.Move(tempPath, FilePath, overwrite: true);
                DirectorySync.Flush(DirectoryPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(tempPath);
                throw new StateFileException($"Could not save state to {FilePath}: {ErrorText.Of(e, FilePath)}", e);
            }
        }
    }

    /// <summary>Reads the saved state; never throws for a missing, unreadable or damaged file.</summary>
    public StateLoadResult Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return StateLoadResult.Empty with { Note = $"No saved state in {FilePath}; starting from clients.conf" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unusable($"cannot be read: {ErrorText.Of(e, FilePath)}");
        }

        return Parse(bytes);
    }

    // A fresh name per save: even if a second server were wrongly started on the same directory,
    // neither could rename the other's half-written file into place. CreateNew (O_EXCL) makes
    // the file with mode 0600 from the start and never follows a planted link.
    private static void WriteTemp(string tempPath, StateDocument document)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(tempPath, options);
        JsonSerializer.Serialize(stream, document, StateJsonContext.Default.StateDocument);
        stream.Flush(flushToDisk: true);
    }

    private StateLoadResult Parse(byte[] bytes)
    {
        try
        {
            var header = JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateHeader);
            if (header is null || header.Format != StateDocument.CurrentFormat)
            {
                return Unusable($"has unknown format version {header?.Format.ToString() ?? "null"} (expected {StateDocument.CurrentFormat})");
            }

            var document = JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateDocument)!;
            string? duplicate = FindDuplicateName(document);
            return duplicate is null
                ? new StateLoadResult(document.Clients, document.Removed)
                : Unusable($"names client \"{duplicate}\" twice");
        }
        catch (JsonException e)
        {
            return Unusable($"is not valid: {ErrorText.Of(e, FilePath)}");
        }
    }

    private static string? FindDuplicateName(StateDocument document)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var all = document.Clients.Select(c => c.Name).Concat(document.Removed.Select(r => r.Name));
        return all.FirstOrDefault(name => !names.Add(name));
    }

    private StateLoadResult Unusable(string problem)
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

        return StateLoadResult.Empty with
        {
            Warning = $"Saved state {FilePath} {problem}; starting from clients.conf; {fate}",
        };
    }

    // Only a save killed midway leaves a temporary file, and only before this process began, so
    // looking once, at the first save, is enough.
    private void RemoveStrayTempFiles()
    {
        if (_strayTempFilesRemoved)
        {
            return;
        }

        _strayTempFilesRemoved = true;
        try
        {
            foreach (string stray in Directory.EnumerateFiles(DirectoryPath, TempPattern))
            {
                TryDelete(stray);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The save that follows reports an unusable directory.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover file harms nothing; the save itself reports real problems.
        }
    }
}
