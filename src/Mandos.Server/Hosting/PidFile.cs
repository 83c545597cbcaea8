using Mandos.Core.Errors;
namespace Mandos.Server.Hosting;

/// <summary>Upstream's PID file: <c>/run/mandos.pid</c> (or <c>/var/run</c>), written when daemonized.</summary>
public static class PidFile
{
    public static string DefaultPath => Directory.Exists("/run") ? "/run/mandos.pid" : "/var/run/mandos.pid";

    /// <summary>Writes our PID; failure (not root, read-only /run) is only worth a warning.</summary>
    public static string? TryWrite(string path)
    {
        try
        {
            File.WriteAllText(path, $"{Environment.ProcessId}\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Could not write PID file {path}: {ErrorText.Of(e)}";
        }
    }
}
