using System.Security.Cryptography;

namespace Mandos.Core.Secrets;

/// <summary>
/// Reads a stream that carries a secret (a password on a child's stdout) to its end, growing the
/// buffer without leaving a copy of the secret behind. The caller zeroes the buffer it gets.
/// </summary>
public static class SecretReader
{
    /// <summary>Everything up to end of file (a read error ends it too), at most <paramref name="limit"/> bytes; past that, null.</summary>
    public static (byte[] Buffer, int Length)? ReadAll(Stream input, int limit = int.MaxValue)
    {
        byte[] buffer = new byte[256];
        int length = 0;
        try
        {
            int n;
            while ((n = input.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += n;
                if (length > limit)
                {
                    CryptographicOperations.ZeroMemory(buffer);
                    return null;
                }
                if (length == buffer.Length)
                {
                    byte[] larger = new byte[buffer.Length * 2];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }
            }
        }
        catch (IOException)
        {
            // A read error ends the output like end of file; the writer's exit status decides.
        }
        return (buffer, length);
    }
}
