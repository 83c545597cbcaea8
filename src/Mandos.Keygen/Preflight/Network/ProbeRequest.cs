using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Mandos.Core.Keys;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// What the probe (<see cref="ProbeSide"/>) is to do, handed to it on a pipe (its descriptor 3)
/// by the root side, never through a path it would open: the TLS and OpenPGP key files' contents
/// the root side read and checked, the server to ask (<c>ADDRESS:PORT</c>, or null to search
/// with mDNS), the interfaces to search on (empty: those the boot's client would choose), the
/// seconds one search, and one server's answer, may take, and the key directory (for messages).
/// Fields are length-prefixed (32-bit big-endian). The key bytes are cleared on dispose.
/// </summary>
internal sealed class ProbeRequest(string keyDirectory, byte[] tlsPublicKey, byte[] tlsPrivateKey, byte[] secretKey, string? connect,
    IReadOnlyList<string> interfaces, double timeoutSeconds) : IDisposable
{
    /// <summary>Set in the probe's environment: the descriptor its request comes on; its presence makes the executable the probe.</summary>
    public const string Variable = "MANDOS_KEYGEN_PROBE";

    /// <summary>More than any request (four key files are a few kilobytes).</summary>
    public const int MaxBytes = 4 << 20;

    private const string Magic = "mandos-keygen probe 1";
    private const int Fields = 8;

    public string KeyDirectory { get; } = keyDirectory;

    public byte[] TlsPublicKey { get; } = tlsPublicKey;

    public byte[] TlsPrivateKey { get; } = tlsPrivateKey;

    public byte[] SecretKey { get; } = secretKey;

    public string? Connect { get; } = connect;

    public IReadOnlyList<string> Interfaces { get; } = interfaces;

    public double TimeoutSeconds { get; } = timeoutSeconds;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The request as written to the probe; the caller clears it after writing.</summary>
    public byte[] Encode()
    {
        byte[][] fields =
        [
            Encoding.ASCII.GetBytes(Magic), Encoding.UTF8.GetBytes(KeyDirectory), TlsPublicKey, TlsPrivateKey, SecretKey,
            Encoding.UTF8.GetBytes(Connect ?? ""),
            // interface names hold no spaces
            Encoding.UTF8.GetBytes(string.Join(' ', Interfaces)),
            Encoding.ASCII.GetBytes(TimeoutSeconds.ToString("R", CultureInfo.InvariantCulture)),
        ];
        byte[] encoded = new byte[fields.Sum(f => 4 + f.Length)];
        int at = 0;
        foreach (byte[] field in fields)
        {
            BinaryPrimitives.WriteInt32BigEndian(encoded.AsSpan(at), field.Length);
            field.CopyTo(encoded, at + 4);
            at += 4 + field.Length;
        }
        return encoded;
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; null for anything else. Does not keep <paramref name="data"/>.</summary>
    public static ProbeRequest? Decode(ReadOnlySpan<byte> data)
    {
        var fields = new List<byte[]>(Fields);
        while (data.Length >= 4 && fields.Count < Fields)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(data);
            if (length < 0 || length > data.Length - 4)
            {
                break;
            }
            fields.Add(data.Slice(4, length).ToArray());
            data = data[(4 + length)..];
        }
        if (fields.Count != Fields || data.Length != 0 || Encoding.ASCII.GetString(fields[0]) != Magic
            || !double.TryParse(Encoding.ASCII.GetString(fields[7]), NumberStyles.Float, CultureInfo.InvariantCulture, out double timeout)
            || !(timeout > 0) || timeout > KeygenOptions.MaxTimeout)
        {
            fields.ForEach(PrivateFile.Clear);
            return null;
        }
        string connect = Encoding.UTF8.GetString(fields[5]);
        return new ProbeRequest(Encoding.UTF8.GetString(fields[1]), fields[2], fields[3], fields[4], connect.Length == 0 ? null : connect,
            Encoding.UTF8.GetString(fields[6]).Split(' ', StringSplitOptions.RemoveEmptyEntries), timeout);
    }

    public void Dispose()
    {
        PrivateFile.Clear(TlsPrivateKey);
        PrivateFile.Clear(SecretKey);
    }
}
