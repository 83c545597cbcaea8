using System.Text;

namespace Mandos.Integration.Tests.Boot;

/// <summary>Plays usplash's side of usplash_fifo: keeps it open for reading and collects NUL-terminated commands.</summary>
public sealed class UsplashCommandReader(string fifo) : IDisposable
{
    private FileStream? _stream;

    public async Task<string> ReadCommandsAsync(int count)
    {
        _stream ??= await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1));
        var text = new StringBuilder();
        byte[] buffer = new byte[1];
        int seen = 0;
        while (seen < count)
        {
            int n = await _stream.ReadAsync(buffer);
            if (n == 0)
            {
                await Task.Delay(20);   // no writer at the moment: the plugin opens the FIFO for each command
                continue;
            }
            text.Append((char)buffer[0]);
            if (buffer[0] == 0)
            {
                seen++;
            }
        }
        return text.ToString();
    }

    public void Dispose() => _stream?.Dispose();
}
