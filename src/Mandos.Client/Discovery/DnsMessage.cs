using System.Buffers.Binary;
using System.Net;

namespace Mandos.Client.Discovery;

/// <summary>
/// A DNS message as mDNS uses it (RFC 1035 wire format, RFC 6762 flags): reading is bounded by
/// the packet (every record consumes bytes, pointers only go backwards), so garbage never loops
/// or allocates beyond the packet's size; anything malformed throws <see cref="DnsFormatException"/>.
/// </summary>
public sealed class DnsMessage
{
    private const int HeaderLength = 12;
    private const ushort ClassIn = 1;
    private const ushort ResponseFlag = 0x8000;
    private const ushort CacheFlushBit = 0x8000;
    private const ushort UnicastResponseBit = 0x8000;

    public ushort Id { get; init; }

    public bool IsResponse { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    /// <summary>Answers, authority and additional records, in that order: mDNS treats them alike.</summary>
    public IReadOnlyList<DnsRecord> Records { get; init; } = [];

    public static DnsMessage Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength)
        {
            throw new DnsFormatException("shorter than a DNS header");
        }
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int questionCount = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int recordCount = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) + BinaryPrimitives.ReadUInt16BigEndian(packet[8..])
            + BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        // A question takes at least 5 bytes and a record 11: larger counts cannot be honest.
        if (questionCount * 5 + recordCount * 11 > packet.Length - HeaderLength)
        {
            throw new DnsFormatException("section counts exceed the packet");
        }
        int offset = HeaderLength;
        var questions = new List<DnsQuestion>(questionCount);
        for (int i = 0; i < questionCount; i++)
        {
            DnsName name = DnsName.Read(packet, ref offset);
            ReadOnlySpan<byte> fixedPart = Take(packet, ref offset, 4);
            bool unicast = (BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]) & UnicastResponseBit) != 0;
            questions.Add(new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart), unicast));
        }
        var records = new List<DnsRecord>(recordCount);
        for (int i = 0; i < recordCount; i++)
        {
            DnsRecord? record = ReadRecord(packet, ref offset);
            if (record is not null)
            {
                records.Add(record);
            }
        }
        return new DnsMessage { Id = id, IsResponse = (flags & ResponseFlag) != 0, Questions = questions, Records = records };
    }

    /// <summary>Reads one record; null for classes other than IN (skipped, not an error).</summary>
    private static DnsRecord? ReadRecord(ReadOnlySpan<byte> packet, ref int offset)
    {
        DnsName name = DnsName.Read(packet, ref offset);
        ReadOnlySpan<byte> fixedPart = Take(packet, ref offset, 10);
        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart);
        ushort rrClass = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]);
        int dataLength = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);
        int dataStart = offset;
        ReadOnlySpan<byte> data = Take(packet, ref offset, dataLength);
        if ((rrClass & ~CacheFlushBit) != ClassIn)
        {
            return null;
        }
        var record = new DnsRecord(name, type, ttl, (rrClass & CacheFlushBit) != 0);
        int inner = dataStart;
        switch (type)
        {
            case DnsRecordType.A when dataLength == 4:
                return record with { Address = new IPAddress(data) };
            case DnsRecordType.A:
                throw new DnsFormatException("A record data is not 4 bytes");
            case DnsRecordType.Aaaa when dataLength == 16:
                return record with { Address = new IPAddress(data) };
            case DnsRecordType.Aaaa:
                throw new DnsFormatException("AAAA record data is not 16 bytes");
            case DnsRecordType.Ptr:
                DnsName target = DnsName.Read(packet, ref inner);
                CheckInside(inner, offset);
                return record with { Target = target };
            case DnsRecordType.Srv:
                if (dataLength < 7)
                {
                    throw new DnsFormatException("SRV record too short");
                }
                int port = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
                inner += 6;
                DnsName host = DnsName.Read(packet, ref inner);
                CheckInside(inner, offset);
                return record with { Target = host, Port = port };
            default:
                return record;
        }
    }

    private static void CheckInside(int readEnd, int dataEnd)
    {
        if (readEnd > dataEnd)
        {
            throw new DnsFormatException("record data overruns its length");
        }
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> packet, ref int offset, int count)
    {
        if (offset + count > packet.Length)
        {
            throw new DnsFormatException("truncated message");
        }
        ReadOnlySpan<byte> part = packet.Slice(offset, count);
        offset += count;
        return part;
    }

    /// <summary>An mDNS query (id 0, no flags) asking the given questions in class IN.</summary>
    public static byte[] BuildQuery(IEnumerable<DnsQuestion> questions)
    {
        var output = new List<byte>(512);
        DnsQuestion[] list = questions.ToArray();
        WriteUInt16(output, 0);
        WriteUInt16(output, 0);
        WriteUInt16(output, (ushort)list.Length);
        WriteUInt16(output, 0);
        WriteUInt16(output, 0);
        WriteUInt16(output, 0);
        foreach (DnsQuestion q in list)
        {
            q.Name.Write(output);
            WriteUInt16(output, (ushort)q.Type);
            WriteUInt16(output, (ushort)(ClassIn | (q.UnicastResponse ? UnicastResponseBit : 0)));
        }
        return output.ToArray();
    }

    /// <summary>A response holding the given records (for tests and tools); names uncompressed.</summary>
    public static byte[] BuildResponse(IEnumerable<DnsRecord> records)
    {
        var output = new List<byte>(512);
        DnsRecord[] list = records.ToArray();
        WriteUInt16(output, 0);
        WriteUInt16(output, 0x8400);
        WriteUInt16(output, 0);
        WriteUInt16(output, (ushort)list.Length);
        WriteUInt16(output, 0);
        WriteUInt16(output, 0);
        foreach (DnsRecord r in list)
        {
            r.Name.Write(output);
            WriteUInt16(output, (ushort)r.Type);
            WriteUInt16(output, (ushort)(ClassIn | (r.CacheFlush ? CacheFlushBit : 0)));
            WriteUInt16(output, (ushort)(r.Ttl >> 16));
            WriteUInt16(output, (ushort)r.Ttl);
            var data = new List<byte>();
            switch (r.Type)
            {
                case DnsRecordType.A or DnsRecordType.Aaaa:
                    data.AddRange(r.Address!.GetAddressBytes());
                    break;
                case DnsRecordType.Ptr:
                    r.Target!.Write(data);
                    break;
                case DnsRecordType.Srv:
                    WriteUInt16(data, 0);
                    WriteUInt16(data, 0);
                    WriteUInt16(data, (ushort)r.Port);
                    r.Target!.Write(data);
                    break;
                case DnsRecordType.Txt:
                    data.Add(0);
                    break;
            }
            WriteUInt16(output, (ushort)data.Count);
            output.AddRange(data);
        }
        return output.ToArray();
    }

    private static void WriteUInt16(List<byte> output, ushort value)
    {
        output.Add((byte)(value >> 8));
        output.Add((byte)value);
    }
}
