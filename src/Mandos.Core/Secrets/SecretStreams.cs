using System.Security.Cryptography;

namespace Mandos.Core.Secrets;

/// <summary>
/// Secrets through streams: reading one (a password on a child's stdout) to its end, growing the
/// buffer without leaving a copy of the secret behind (the caller zeroes the buffer it gets), and
/// writing one to our stdout, clearing it after.
/// </summary>
public static class SecretStreams
{
    /// <summary>Everything up to end of file (a read error ends it too).</summary>
    public static (byte[] Buffer, int Length) ReadAll(Stream input) => ReadAll(input, int.MaxValue)!.Value;

    /// <summary>Everything up to end of file (a read error ends it too), at most <paramref name="limit"/> bytes; past that, null.</summary>
    public static (byte[] Buffer, int Length)? ReadAll(Stream input, int limit)
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

    /// <summary>Writes <paramref name="secret"/> to our stdout, then clears it.</summary>
    public static void WriteToStandardOutput(byte[] secret, int length)
    {
        try
        {
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(secret, 0, length);
            stdout.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
