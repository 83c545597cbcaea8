using Mandos.Server.State.Upstream;
using Xunit;

namespace Mandos.Server.Tests.State.Upstream;

/// <summary>
/// The pickle reader against Python's own output (each vector is <c>pickle.dumps(value,
/// protocol=2).hex()</c> from Python 3.11, and Data/debian-1.8.16-clients.pickle was written by
/// Debian's mandos 1.8.16), and against damaged and hostile input, which must give one
/// <see cref="PickleFormatException"/> and nothing else.
/// </summary>
[Lane(Lane.Unit)]
public sealed class PickleReaderTests
{
    private static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "State", "Data");

    private static byte[] Sample => File.ReadAllBytes(Path.Combine(DataDirectory, "debian-1.8.16-clients.pickle"));

    private static object? Read(string hex) => PickleReader.Read(Convert.FromHexString(hex));

    [Fact]
    public void DatetimeFromPython3ReadsAsUtcToTheMicrosecond()
    {
        // datetime.datetime(2024, 2, 29, 23, 59, 58, 123456): the 10-byte state through _codecs.encode(..., "latin1")
        object? value = Read("8002636461746574696d650a6461746574696d650a7100635f636f646563730a656e636f64650a7101580c00000007c3a8021d173b3a01c3a240710258060000006c6174696e3171038671045271058571065271072e");

        Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234560), value);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)value!).Kind);
    }

    [Fact]
    public void NegativeTimedeltaReadsAsPythonMeansIt()
    {
        // datetime.timedelta(days=-1, seconds=5, microseconds=7)
        object? value = Read("8002636461746574696d650a74696d6564656c74610a71004affffffff4b054b078771015271022e");

        Assert.Equal(TimeSpan.FromDays(-1) + TimeSpan.FromSeconds(5) + TimeSpan.FromTicks(70), value);
    }

    [Theory]
    [InlineData("8002635f636f646563730a656e636f64650a7100580400000000c3bf41710158060000006c6174696e3171028671035271042e", "00FF41")]
    [InlineData("8002635f5f6275696c74696e5f5f0a62797465730a7100295271012e", "")]
    public void BytesAsPython3WritesThemForProtocol2(string pickle, string expected) =>
        Assert.Equal(Convert.FromHexString(expected), Read(pickle));

    [Theory]
    [InlineData("80028a060000000000012e", 1L << 40)]
    [InlineData("80024afeffffff2e", -2L)]
    [InlineData("80028a0800000000000000802e", long.MinValue)]
    public void IntegersOfEveryWidth(string pickle, long expected) => Assert.Equal(expected, Read(pickle));

    [Fact]
    public void TuplesListsAndDictsWithBytesKeys()
    {
        var tuple = Assert.IsType<PickleTuple>(Read("8002284b014b024b034b047471002e"));
        Assert.Equal([1L, 2L, 3L, 4L], tuple.Items);

        var byBytesKey = Assert.IsType<PickleDict>(Read("80027d7100635f636f646563730a656e636f64650a710158010000006b710258060000006c6174696e3171038671045271054b01732e"));
        Assert.Equal(1L, byBytesKey.Items["k"]);

        // {'a': [None, True, False, 'é', 65535]}
        var nested = Assert.IsType<PickleDict>(Read("80027d710058010000006171015d7102284e88895802000000c3a971034dffff65732e"));
        var list = Assert.IsType<PickleList>(nested.Items["a"]);
        Assert.Equal([null, true, false, "é", 65535L], list.Items);
    }

    [Fact]
    public void DebiansStateFileReadsWithItsTimestampsDurationsAndEncryptedSecrets()
    {
        var root = Assert.IsType<PickleTuple>(PickleReader.Read(Sample));
        var clients = Assert.IsType<PickleDict>(root.Items[0]);
        var settings = Assert.IsType<PickleDict>(root.Items[1]);

        Assert.Equal(["alpha", "beta", "epsilon", "gamma"], clients.Items.Keys.Order());
        Assert.Equal(["alpha", "beta", "delta", "epsilon", "gamma"], settings.Items.Keys.Order());
        var alpha = Assert.IsType<PickleDict>(clients.Items["alpha"]).Items;
        Assert.Equal(new DateTime(2026, 12, 3, 15, 49, 56, DateTimeKind.Utc).AddTicks(3217120), alpha["created"]);
        Assert.Equal(TimeSpan.FromSeconds(1), alpha["interval"]);
        Assert.Equal(0L, alpha["last_checker_status"]);
        Assert.Equal(true, alpha["enabled"]);
        Assert.Equal((byte)0x8c, Assert.IsType<byte[]>(alpha["encrypted_secret"])[0]); // an old-format SKESK packet
        var beta = Assert.IsType<PickleDict>(clients.Items["beta"]).Items;
        Assert.Equal(false, beta["enabled"]);
        Assert.Null(beta["expires"]);
    }

    [Fact]
    public void EveryTruncationOfARealFileIsRefused()
    {
        byte[] sample = Sample;
        for (int length = 0; length < sample.Length; length++)
        {
            Assert.Throws<PickleFormatException>(() => PickleReader.Read(sample.AsSpan(0, length)));
        }
    }

    [Fact]
    public void DamagedBytesGiveAFormatErrorOrAValueButNothingElse()
    {
        byte[] sample = Sample;
        var random = new Random(14);
        for (int round = 0; round < 3000; round++)
        {
            byte[] damaged = [.. sample];
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }
            try
            {
                PickleReader.Read(damaged);
            }
            catch (PickleFormatException)
            {
                // refused, as it should be when the damage shows
            }
        }
    }

    [Theory]
    [InlineData("80026f732e", "0x6f")] // OBJ: builds an arbitrary object
    [InlineData("80024700000000000000002e", "0x47")] // BINFLOAT: upstream writes no floats
    [InlineData("80036e2e", "protocol 3")]
    [InlineData("2e", "unbalanced")] // STOP on an empty stack
    [InlineData("80024e4e2e", "unbalanced")]
    [InlineData("80024e2e00", "after its end")]
    [InlineData("8002680a2e", "never stored")]
    [InlineData("80026571002e", "MARK it never opened")]
    public void UnknownOpcodesAndBrokenStructureAreRefused(string hex, string problem) =>
        Assert.Contains(problem, Assert.Throws<PickleFormatException>(() => Read(hex)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("os", "system")]
    [InlineData("posix", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("__builtin__", "getattr")]
    [InlineData("subprocess", "Popen")]
    [InlineData("datetime", "date")]
    [InlineData("builtins", "set")]
    public void OnlyFourCallablesMayBeNamed(string module, string name)
    {
        // The classic exploit: GLOBAL os.system, ("echo pwned",), REDUCE.
        byte[] payload = [0x80, 2, (byte)'c', .. System.Text.Encoding.ASCII.GetBytes($"{module}\n{name}\n"),
            (byte)'X', 10, 0, 0, 0, .. "echo pwned"u8, 0x85, (byte)'R', (byte)'.'];

        var error = Assert.Throws<PickleFormatException>(() => PickleReader.Read(payload));

        Assert.Contains($"{module}.{name}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8002635f636f646563730a656e636f64650a4b01858552", "with arguments")] // encode(1,) -- wrong arguments
    [InlineData("8002636461746574696d650a6461746574696d650a4b014b024b0387522e", "with arguments")] // datetime(1, 2, 3)
    [InlineData("80024e4e522e", "not a known function")] // None(None)
    public void KnownCallablesOnlyWithTheArgumentsUpstreamGivesThem(string hex, string problem) =>
        Assert.Contains(problem, Assert.Throws<PickleFormatException>(() => Read(hex)).Message, StringComparison.Ordinal);

    [Fact]
    public void AnImpossibleDatetimeIsRefused()
    {
        // datetime state for 2023-02-29, as Python writes it: its bytes as latin-1 characters, in UTF-8
        byte[] state = System.Text.Encoding.UTF8.GetBytes("\u0007\u00e7\u0002\u001d\0\0\0\0\0\0");
        byte[] payload = [0x80, 2, (byte)'c', .. "datetime\ndatetime\n"u8, (byte)'c', .. "_codecs\nencode\n"u8,
            (byte)'X', (byte)state.Length, 0, 0, 0, .. state, (byte)'X', 6, 0, 0, 0, .. "latin1"u8, 0x86, (byte)'R', 0x85, (byte)'R', (byte)'.'];

        Assert.Contains("invalid datetime", Assert.Throws<PickleFormatException>(() => PickleReader.Read(payload)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("800258f0ffffff")] // BINUNICODE claiming 4 GB
    [InlineData("800254ffffff7f")] // BINSTRING claiming 2 GB
    [InlineData("80028affff")] // LONG1 claiming 255 bytes
    public void HugeLengthClaimsAreRefusedWithoutAllocating(string hex) =>
        Assert.Throws<PickleFormatException>(() => Read(hex));

    [Fact]
    public void DeepNestingIsRefused()
    {
        // Lists inside lists through the memo: ] q0, then (] h0 a q0)...: each round wraps the last list in a new one.
        var payload = new List<byte> { 0x80, 2, (byte)']', (byte)'q', 0 };
        for (int i = 0; i < PickleReader.MaxDepth + 2; i++)
        {
            payload.AddRange([(byte)']', (byte)'h', 0, (byte)'a', (byte)'q', 0]);
        }
        payload.Add((byte)'.');

        Assert.Contains("nests deeper", Assert.Throws<PickleFormatException>(() => PickleReader.Read(payload.ToArray())).Message, StringComparison.Ordinal);

        byte[] marks = [0x80, 2, .. Enumerable.Repeat((byte)'(', PickleReader.MaxDepth + 1)];
        Assert.Contains("nests deeper", Assert.Throws<PickleFormatException>(() => PickleReader.Read(marks)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A few bytes per call rebuild a memoised 100 kB string as bytes again and again: without a
    /// bound, a 200 kB file took 2 GB. What the calls build may not exceed twice the file.
    /// </summary>
    [Fact]
    public void RebuildingAMemoisedLongValueOverAndOverIsRefused()
    {
        Assert.Contains("builds far more data than the file holds",
            Assert.Throws<PickleFormatException>(() => PickleReader.Read(Rebuilding(100))).Message, StringComparison.Ordinal);

        // Once is an ordinary value: the list holds the tuple of memoised parts, then the bytes.
        var list = Assert.IsType<PickleList>(PickleReader.Read(Rebuilding(1)));
        Assert.Equal(100_000, Assert.IsType<byte[]>(list.Items[1]).Length);
    }

    // [ ("a"*100000 q0, "latin1" q2), then _codecs.encode(h0, h2) appended `times` times ]
    private static byte[] Rebuilding(int times)
    {
        var payload = new List<byte> { 0x80, 2, (byte)']', (byte)'(', (byte)'X' };
        payload.AddRange(BitConverter.GetBytes(100_000));
        payload.AddRange(Enumerable.Repeat((byte)'a', 100_000));
        payload.AddRange([(byte)'q', 0, (byte)'X', 6, 0, 0, 0, .. "latin1"u8, (byte)'q', 2, (byte)'t', (byte)'a']);
        for (int i = 0; i < times; i++)
        {
            payload.AddRange("c_codecs\nencode\n"u8.ToArray());
            payload.AddRange([(byte)'h', 0, (byte)'h', 2, 0x86, (byte)'R', (byte)'a']);
        }
        payload.Add((byte)'.');
        return [.. payload];
    }
}
