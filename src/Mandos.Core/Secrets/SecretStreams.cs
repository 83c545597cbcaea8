using System.Security.Cryptography;

namespace Mandos.Core.Secrets;

/// <summary>
/// Secrets through streams: reading one (a password on a child's stdout, a password file, a
/// decrypted message) to its end, growing the buffer without leaving a copy of the secret behind
/// (the caller zeroes the buffer it gets), and writing one to our stdout, clearing it after.
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
            if (!Fill(input, limit, ref buffer, ref length))
            {
                CryptographicOperations.ZeroMemory(buffer);
                return null;
            }
        }
        catch (IOException)
        {
            // A read error ends the output like end of file; the writer's exit status decides.
        }
        return (buffer, length);
    }

    /// <summary>
    /// Everything up to end of file, in an array of its own length (which the caller zeroes).
    /// Unlike <see cref="ReadAll(Stream)"/>, a read error is thrown: for a secret that is whole
    /// or not at all (a password file, a decrypted message), not a child's output.
    /// </summary>
    public static byte[] ReadToEnd(Stream input)
    {
        byte[] buffer = new byte[256];
        int length = 0;
        try
        {
            _ = Fill(input, int.MaxValue, ref buffer, ref length);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Reads into <paramref name="buffer"/> until end of file, doubling it (and zeroing the old one) when full; false past <paramref name="limit"/> bytes.</summary>
    private static bool Fill(Stream input, int limit, ref byte[] buffer, ref int length)
    {
        int n;
        while ((n = input.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += n;
            if (length > limit)
            {
                return false;
            }
            if (length == buffer.Length)
            {
                byte[] larger = new byte[buffer.Length * 2];
                buffer.AsSpan(0, length).CopyTo(larger);
                CryptographicOperations.ZeroMemory(buffer);
                buffer = larger;
            }
        }
        return true;
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
