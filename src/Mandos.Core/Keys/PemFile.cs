using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mandos.Core.Keys;

/// <summary>
/// Minimal PEM (RFC 7468) reading and writing. Text outside the BEGIN/END lines is ignored, so
/// certtool's output with its explanatory text before the PEM block reads as well. Works on bytes
/// so that private key material never lands in an immutable string.
/// </summary>
internal static class PemFile
{
    public static byte[] ReadSingle(string path, string label)
    {
        byte[] raw = PrivateFile.ReadAll(path);
        try
        {
            return Decode(raw, label) ?? throw new KeyFileException(path, DescribeMissing(raw, label));
        }
        finally
        {
            PrivateFile.Clear(raw);
        }
    }

    /// <summary>The DER bytes of the first block labelled <paramref name="label"/>, or null if none is valid.</summary>
    internal static byte[]? Decode(ReadOnlySpan<byte> text, string label)
    {
        byte[] begin = Encoding.ASCII.GetBytes($"-----BEGIN {label}-----");
        byte[] end = Encoding.ASCII.GetBytes($"-----END {label}-----");
        int start = text.IndexOf(begin);
        if (start < 0)
        {
            return null;
        }
        ReadOnlySpan<byte> rest = text[(start + begin.Length)..];
        int stop = rest.IndexOf(end);
        if (stop < 0)
        {
            return null;
        }
        return DecodeBase64(rest[..stop]);
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> body)
    {
        byte[] buffer = new byte[body.Length];
        try
        {
            int length = 0;
            foreach (byte b in body)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    buffer[length++] = b;
                }
            }
            OperationStatus status = Base64.DecodeFromUtf8InPlace(buffer.AsSpan(0, length), out int written);
            return status == OperationStatus.Done && written > 0 ? buffer.AsSpan(0, written).ToArray() : null;
        }
        finally
        {
            PrivateFile.Clear(buffer);
        }
    }

    public static byte[] Encode(string label, ReadOnlySpan<byte> der)
    {
        byte[] base64 = new byte[Base64.GetMaxEncodedToUtf8Length(der.Length)];
        Base64.EncodeToUtf8(der, base64, out _, out int encoded);
        byte[] header = Encoding.ASCII.GetBytes($"-----BEGIN {label}-----\n");
        byte[] footer = Encoding.ASCII.GetBytes($"-----END {label}-----\n");
        int lines = (encoded + 63) / 64;
        byte[] pem = new byte[header.Length + encoded + lines + footer.Length];
        header.CopyTo(pem, 0);
        int at = header.Length;
        for (int i = 0; i < encoded; i += 64)
        {
            int n = Math.Min(64, encoded - i);
            base64.AsSpan(i, n).CopyTo(pem.AsSpan(at));
            at += n;
            pem[at++] = (byte)'\n';
        }
        footer.CopyTo(pem, at);
        PrivateFile.Clear(base64);
        return pem;
    }

    private static string DescribeMissing(ReadOnlySpan<byte> text, string label)
    {
        if (text.IndexOf("-----BEGIN ENCRYPTED PRIVATE KEY-----"u8) >= 0)
        {
            return "encrypted private keys are not supported (create it with an empty password)";
        }
        return text.IndexOf("-----BEGIN "u8) >= 0
            ? $"no valid \"{label}\" PEM block"
            : "not a PEM file";
    }
}
