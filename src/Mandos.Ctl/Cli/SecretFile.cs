using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Ctl.Output;

namespace Mandos.Ctl.Cli;

/// <summary>The file of --secret, read whole as raw bytes when the option is read ("-" is standard input).</summary>
internal static class SecretFile
{
    /// <exception cref="UsageException">The file cannot be read; the message is argparse's "can't open".</exception>
    public static byte[] Read(string path, CtlOption option)
    {
        try
        {
            if (path == "-")
            {
                using var input = Console.OpenStandardInput();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                return buffer.ToArray();
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "[Errno 2] No such file or directory",
                UnauthorizedAccessException when Directory.Exists(path) => "[Errno 21] Is a directory",
                UnauthorizedAccessException => "[Errno 13] Permission denied",
                _ => ErrorText.Of(e),
            };
            string repr = PythonRepr.Of(path);
            throw new UsageException($"argument {option.DisplayName}: can't open {repr}: {reason}: {repr}");
        }
    }
}
