using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mandos.Core.Protocol;

/// <summary>
/// The plain-text line a Mandos client sends before TLS: <c>1\r\n</c>. Upstream accepts any line
/// whose first whitespace-separated field is an integer ≤ 1 (so 0, negative numbers and extra
/// fields pass); anything else is refused before TLS.
/// </summary>
public static class VersionLine
{
    public const int SupportedVersion = 1;

    /// <summary>Longest line accepted; a peer sending more without a newline is refused.</summary>
    public const int MaxLength = 256;

    public static ReadOnlySpan<byte> Bytes => "1\r\n"u8;

    /// <summary>Whether a received line (without its newline) names a version this server speaks.</summary>
    public static bool IsAcceptable(string line)
    {
        string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            return false;
        }
        return int.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            && v <= SupportedVersion;
    }

    /// <summary>
    /// Reads one line from the socket without consuming a byte past its newline (the next bytes
    /// belong to TLS): peeks at what has arrived, then takes exactly the line.
    /// </summary>
    /// <exception cref="ProtocolException">The peer closed, or sent more than <see cref="MaxLength"/> bytes without a newline.</exception>
    public static async Task<string> ReadAsync(Socket socket, CancellationToken cancel)
    {
        var line = new List<byte>(8);
        byte[] buffer = new byte[MaxLength];
        while (true)
        {
            int want = MaxLength - line.Count;
            int peeked = await socket.ReceiveAsync(buffer.AsMemory(0, want), SocketFlags.Peek, cancel).ConfigureAwait(false);
            if (peeked == 0)
            {
                throw new ProtocolException("connection closed before the version line ended");
            }
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, peeked);
            int take = newline >= 0 ? newline + 1 : peeked;
            int got = await socket.ReceiveAsync(buffer.AsMemory(0, take), SocketFlags.None, cancel).ConfigureAwait(false);
            line.AddRange(buffer.AsSpan(0, got));
            if (newline >= 0 && got == take)
            {
                return Encoding.Latin1.GetString(line.ToArray(), 0, line.Count - 1).TrimEnd('\r');
            }
            if (line.Count >= MaxLength)
            {
                throw new ProtocolException($"version line longer than {MaxLength} bytes");
            }
        }
    }
}
