using System.Text;

namespace Mandos.Client.Discovery;

/// <summary>
/// A domain name as a list of labels. DNS-SD instance names may hold dots and any UTF-8 inside a
/// label ("Mandos #2"), so labels are kept apart; comparison ignores ASCII case, as DNS does.
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    public const int MaxLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>More pointers than a legal name could need means a loop or a hostile packet.</summary>
    private const int MaxPointers = 64;

    private readonly string _key;

    public DnsName(IReadOnlyList<string> labels)
    {
        Labels = labels;
        _key = string.Join(".", labels.Select(l => l.Replace("\\", "\\\\").Replace(".", "\\."))).ToLowerInvariant();
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Parses a dotted name; dots always separate labels here (for fixed names like service types).</summary>
    public static DnsName Parse(string dotted) =>
        new(dotted.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/>, moving it past the name.</summary>
    public static DnsName Read(ReadOnlySpan<byte> message, ref int offset)
    {
        var labels = new List<string>();
        int position = offset;
        int end = -1;
        int length = 1;
        int pointers = 0;
        while (true)
        {
            if (position >= message.Length)
            {
                throw new DnsFormatException("name runs past the end of the message");
            }
            byte b = message[position];
            if (b == 0)
            {
                position++;
                break;
            }
            if ((b & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    throw new DnsFormatException("compression pointer runs past the end of the message");
                }
                int target = ((b & 0x3F) << 8) | message[position + 1];
                // Pointers must go strictly backwards: that alone rules out loops.
                if (target >= position || ++pointers > MaxPointers)
                {
                    throw new DnsFormatException("compression pointer loops or points forward");
                }
                if (end < 0)
                {
                    end = position + 2;
                }
                position = target;
                continue;
            }
            if ((b & 0xC0) != 0)
            {
                throw new DnsFormatException("unknown label type");
            }
            if (position + 1 + b > message.Length)
            {
                throw new DnsFormatException("label runs past the end of the message");
            }
            length += b + 1;
            if (length > MaxLength)
            {
                throw new DnsFormatException("name longer than 255 bytes");
            }
            labels.Add(Encoding.UTF8.GetString(message.Slice(position + 1, b)));
            position += 1 + b;
        }
        offset = end >= 0 ? end : position;
        return new DnsName(labels);
    }

    /// <summary>Writes the name uncompressed.</summary>
    public void Write(List<byte> output)
    {
        int length = 1;
        foreach (string label in Labels)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(label);
            if (bytes.Length is 0 or > MaxLabelLength)
            {
                throw new ArgumentException($"label \"{label}\" must be 1 to 63 bytes");
            }
            length += bytes.Length + 1;
            output.Add((byte)bytes.Length);
            output.AddRange(bytes);
        }
        if (length > MaxLength)
        {
            throw new ArgumentException("name longer than 255 bytes");
        }
        output.Add(0);
    }

    /// <summary>True if this name is <paramref name="parent"/> with one more label in front.</summary>
    public bool IsChildOf(DnsName parent) =>
        Labels.Count == parent.Labels.Count + 1 && new DnsName(Labels.Skip(1).ToArray()).Equals(parent);

    public bool Equals(DnsName? other) => other is not null && other._key == _key;

    public override bool Equals(object? obj) => Equals(obj as DnsName);

    public override int GetHashCode() => _key.GetHashCode(StringComparison.Ordinal);

    /// <summary>Dotted form; dots and backslashes inside labels are escaped.</summary>
    public override string ToString() =>
        string.Join(".", Labels.Select(l => l.Replace("\\", "\\\\").Replace(".", "\\.")));
}
