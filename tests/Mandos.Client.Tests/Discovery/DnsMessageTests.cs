using System.Net;
using Mandos.Client.Discovery;

namespace Mandos.Client.Tests.Discovery;

[Lane(Lane.Unit)]
public sealed class DnsMessageTests
{
    private static readonly DnsName Service = DnsName.Parse("_mandos._tcp.local");
    private static readonly DnsName Instance = new(["Mandos #2", "_mandos", "_tcp", "local"]);
    private static readonly DnsName Host = DnsName.Parse("server.local");

    [Fact]
    public void QueryRoundTripsThroughTheParser()
    {
        byte[] query = DnsMessage.BuildQuery([new DnsQuestion(Service, DnsRecordType.Ptr)]);
        DnsMessage parsed = DnsMessage.Parse(query);
        Assert.False(parsed.IsResponse);
        Assert.Equal(new DnsQuestion(Service, DnsRecordType.Ptr), Assert.Single(parsed.Questions));
    }

    [Fact]
    public void ResponseRecordsAreDecoded()
    {
        byte[] packet = DnsMessage.BuildResponse([
            new DnsRecord(Service, DnsRecordType.Ptr, 4500, false) { Target = Instance },
            new DnsRecord(Instance, DnsRecordType.Srv, 120, true) { Target = Host, Port = 7779 },
            new DnsRecord(Instance, DnsRecordType.Txt, 4500, true),
            new DnsRecord(Host, DnsRecordType.Aaaa, 120, true) { Address = IPAddress.Parse("fe80::1") },
            new DnsRecord(Host, DnsRecordType.A, 120, true) { Address = IPAddress.Parse("192.0.2.7") },
        ]);
        DnsMessage m = DnsMessage.Parse(packet);
        Assert.True(m.IsResponse);
        Assert.Equal(5, m.Records.Count);
        Assert.Equal(Instance, m.Records[0].Target);
        Assert.Equal("Mandos #2", m.Records[0].Target!.Labels[0]);
        Assert.Equal((Host, 7779, true), (m.Records[1].Target, m.Records[1].Port, m.Records[1].CacheFlush));
        Assert.Equal(IPAddress.Parse("fe80::1"), m.Records[3].Address);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), m.Records[4].Address);
    }

    [Fact]
    public void CompressedNamesAreFollowed()
    {
        // Header, one answer: "_mandos._tcp.local" PTR -> "Mandos" + pointer to offset 12.
        var p = new List<byte> { 0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
        p.AddRange(Labels("_mandos", "_tcp", "local"));
        p.AddRange([0, 12, 0, 1, 0, 0, 0x11, 0x94, 0, 9]);
        p.AddRange([6, .. "Mandos"u8.ToArray(), 0xC0, 12]);
        DnsRecord r = Assert.Single(DnsMessage.Parse(p.ToArray()).Records);
        Assert.Equal(Service, r.Name);
        Assert.Equal(DnsName.Parse("Mandos._mandos._tcp.local"), r.Target);
        Assert.True(r.Target!.IsChildOf(Service));
    }

    [Fact]
    public void NamesCompareWithoutCase() =>
        Assert.Equal(DnsName.Parse("_MANDOS._tcp.Local"), Service);

    [Theory]
    [InlineData("pointer to itself", new byte[] { 0xC0, 12 })]
    [InlineData("pointer forward", new byte[] { 0xC0, 20, 0, 0 })]
    [InlineData("label past the end", new byte[] { 40, 1, 2, 3 })]
    [InlineData("reserved label type", new byte[] { 0x80, 1 })]
    [InlineData("unterminated name", new byte[] { 3, 97, 98, 99 })]
    public void HostileNamesAreRejected(string what, byte[] name)
    {
        byte[] packet = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, .. name, 0, 12, 0, 1, 0, 0, 0, 10, 0, 0];
        var e = Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(packet));
        Assert.NotNull(what + e.Message);
    }

    [Fact]
    public void PointerLoopBetweenTwoNamesIsRejected()
    {
        // Offset 12: label "a" then pointer to 12: a chain that would never end.
        byte[] packet = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 97, 0xC0, 12, 0, 12, 0, 1, 0, 0, 0, 10, 0, 0];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(packet));
    }

    [Fact]
    public void HugeCountsAreRejectedBeforeAnyWork()
    {
        byte[] packet = [0, 0, 0x84, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(packet));
    }

    [Fact]
    public void EveryTruncationIsRejectedCleanly()
    {
        byte[] packet = DnsMessage.BuildResponse([
            new DnsRecord(Service, DnsRecordType.Ptr, 4500, false) { Target = Instance },
            new DnsRecord(Instance, DnsRecordType.Srv, 120, true) { Target = Host, Port = 7779 },
        ]);
        for (int length = 0; length < packet.Length; length++)
        {
            Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(packet.AsSpan(0, length)));
        }
    }

    [Fact]
    public void WrongAddressLengthIsRejected()
    {
        byte[] packet = DnsMessage.BuildResponse([new DnsRecord(Host, DnsRecordType.A, 120, true) { Address = IPAddress.Parse("192.0.2.7") }]);
        // The last six bytes are rdlength (4) and the address: make it a 3-byte "address".
        byte[] shorter = [.. packet[..^6], 0, 3, 192, 0, 2];
        Assert.Throws<DnsFormatException>(() => DnsMessage.Parse(shorter));
    }

    [Fact]
    public void RandomGarbageNeverThrowsAnythingElse()
    {
        var random = new Random(5353);
        byte[] valid = DnsMessage.BuildResponse([
            new DnsRecord(Service, DnsRecordType.Ptr, 4500, false) { Target = Instance },
            new DnsRecord(Instance, DnsRecordType.Srv, 120, true) { Target = Host, Port = 7779 },
            new DnsRecord(Host, DnsRecordType.Aaaa, 120, true) { Address = IPAddress.Parse("fe80::1") },
        ]);
        for (int i = 0; i < 20000; i++)
        {
            byte[] packet = i % 2 == 0 ? new byte[random.Next(0, 600)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(packet);
            }
            else
            {
                for (int flips = random.Next(1, 6); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }
            }
            try
            {
                DnsMessage.Parse(packet);
            }
            catch (DnsFormatException)
            {
            }
        }
    }

    private static byte[] Labels(params string[] labels) =>
        [.. labels.SelectMany(l => new[] { (byte)l.Length }.Concat(System.Text.Encoding.ASCII.GetBytes(l))), 0];
}
