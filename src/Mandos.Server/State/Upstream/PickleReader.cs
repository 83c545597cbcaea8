using System.Buffers.Binary;
using System.Text;

namespace Mandos.Server.State.Upstream;

/// <summary>
/// Reads the few Python values upstream Mandos saves in <c>clients.pickle</c> (pickle protocol 2,
/// as written by Python 3 or Python 2) and nothing else. The pickle format is a small stack
/// machine whose <c>GLOBAL</c> and <c>REDUCE</c> opcodes let a file call any Python function;
/// this reader runs none: it knows a fixed list of opcodes and exactly four callables, each
/// rebuilt here as a plain value, and refuses the rest.
/// <list type="bullet">
/// <item><c>None</c>, <c>True</c>/<c>False</c>, integers (up to 64 bits), <c>str</c>, lists,
/// tuples and dicts with <c>str</c> keys; memo references (<c>BINPUT</c>/<c>BINGET</c>).</item>
/// <item><c>bytes</c>: Python 3 writes them as <c>_codecs.encode(text, "latin1")</c>, an empty
/// one as <c>__builtin__.bytes()</c>; Python 2's byte strings are <c>SHORT_BINSTRING</c>/<c>BINSTRING</c>.</item>
/// <item><c>datetime.datetime</c> from its 10-byte state, naive (upstream saves UTC), as a UTC <see cref="DateTime"/>.</item>
/// <item><c>datetime.timedelta(days, seconds, microseconds)</c> as a <see cref="TimeSpan"/>.</item>
/// </list>
/// Every length is checked against the bytes left, containers nest at most <see cref="MaxDepth"/>
/// deep, the bytes and text the calls and dict keys build add up to at most twice the file (a
/// memo reference lets a few bytes of file rebuild a long string again and again), and any
/// problem is one <see cref="PickleFormatException"/> naming the byte offset.
/// </summary>
public static class PickleReader
{
    /// <summary>Upstream's state nests four deep (tuple, dict of clients, client, list); far more is not upstream's.</summary>
    public const int MaxDepth = 16;

    private const int MaxGlobalNameLength = 64;

    /// <summary>The value the pickle holds: null, bool, long, string, byte[], DateTime, TimeSpan, or a Pickle container.</summary>
    public static object? Read(ReadOnlySpan<byte> data) => new Machine(data).Run();

    private enum Callable
    {
        CodecsEncode,
        Bytes,
        DateTime,
        TimeDelta,
    }

    private sealed class Mark
    {
        public static readonly Mark Instance = new();
    }

    /// <summary>How many more bytes the calls may build (a class: the machine's methods are readonly).</summary>
    private sealed class Allowance(long left)
    {
        public long Left { get; set; } = left;
    }

    private ref struct Machine(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly List<object?> _stack = [];
        private readonly List<int> _marks = [];
        private readonly Dictionary<int, object?> _memo = [];
        private readonly Allowance _built = new((2L * data.Length) + 4096);
        private int _at;
        private int _opAt;

        public object? Run()
        {
            while (true)
            {
                _opAt = _at;
                byte op = Byte();
                switch (op)
                {
                    case 0x80: // PROTO
                        byte version = Byte();
                        if (version != 2)
                        {
                            throw Fail($"is pickle protocol {version}; upstream Mandos writes protocol 2");
                        }
                        break;
                    case (byte)'.': // STOP
                        if (_stack.Count != 1 || _marks.Count != 0)
                        {
                            throw Fail("ends with an unbalanced stack");
                        }
                        if (_at != _data.Length)
                        {
                            throw Fail("has data after its end");
                        }
                        return Pop();
                    case (byte)'(': // MARK
                        if (_marks.Count >= MaxDepth)
                        {
                            throw Fail($"nests deeper than {MaxDepth}");
                        }
                        _marks.Add(_stack.Count);
                        _stack.Add(Mark.Instance);
                        break;
                    case (byte)'N':
                        Push(null);
                        break;
                    case 0x88: // NEWTRUE
                        Push(true);
                        break;
                    case 0x89: // NEWFALSE
                        Push(false);
                        break;
                    case (byte)'K': // BININT1
                        Push((long)Byte());
                        break;
                    case (byte)'M': // BININT2
                        Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                        break;
                    case (byte)'J': // BININT
                        Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                        break;
                    case 0x8a: // LONG1
                        Push(Long(Byte()));
                        break;
                    case (byte)'X': // BINUNICODE
                        Push(Utf8(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))))));
                        break;
                    case (byte)'U': // SHORT_BINSTRING (Python 2 str)
                        Push(Take(Byte()).ToArray());
                        break;
                    case (byte)'T': // BINSTRING (Python 2 str)
                        Push(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray());
                        break;
                    case (byte)'}': // EMPTY_DICT
                        Push(new PickleDict());
                        break;
                    case (byte)']': // EMPTY_LIST
                        Push(new PickleList());
                        break;
                    case (byte)')': // EMPTY_TUPLE
                        Push(new PickleTuple([], 0));
                        break;
                    case 0x85: // TUPLE1
                    case 0x86: // TUPLE2
                    case 0x87: // TUPLE3
                        Push(Tuple(PopTop(op - 0x84)));
                        break;
                    case (byte)'t': // TUPLE
                        Push(Tuple(PopToMark()));
                        break;
                    case (byte)'a': // APPEND
                        {
                            object? item = Pop();
                            AddTo(Peek(), [item]);
                            break;
                        }
                    case (byte)'e': // APPENDS
                        {
                            object?[] items = PopToMark();
                            AddTo(Peek(), items);
                            break;
                        }
                    case (byte)'s': // SETITEM
                        {
                            object?[] pair = PopTop(2);
                            SetIn(Peek(), pair);
                            break;
                        }
                    case (byte)'u': // SETITEMS
                        {
                            object?[] pairs = PopToMark();
                            if (pairs.Length % 2 != 0)
                            {
                                throw Fail("has a key without a value");
                            }
                            SetIn(Peek(), pairs);
                            break;
                        }
                    case (byte)'q': // BINPUT
                        _memo[Byte()] = Peek();
                        break;
                    case (byte)'r': // LONG_BINPUT
                        _memo[MemoIndex()] = Peek();
                        break;
                    case (byte)'h': // BINGET
                        Push(Recall(Byte()));
                        break;
                    case (byte)'j': // LONG_BINGET
                        Push(Recall(MemoIndex()));
                        break;
                    case (byte)'c': // GLOBAL
                        Push(Global(Line(), Line()));
                        break;
                    case (byte)'R': // REDUCE
                        {
                            object? arguments = Pop();
                            object? callable = Pop();
                            if (callable is not Callable known || arguments is not PickleTuple tuple)
                            {
                                throw Fail("calls something that is not a known function");
                            }
                            Push(Call(known, tuple.Items));
                            break;
                        }
                    default:
                        throw Fail($"has opcode 0x{op:x2}, which upstream's state does not use");
                }
            }
        }

        private readonly PickleFormatException Fail(string problem) =>
            new($"{problem} (at byte {_opAt})");

        private byte Byte() => Take(1)[0];

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _data.Length - _at)
            {
                throw Fail("is truncated");
            }
            ReadOnlySpan<byte> taken = _data.Slice(_at, count);
            _at += count;
            return taken;
        }

        // A claimed length beyond the bytes left is a truncated (or hostile) file, never an allocation.
        private readonly int Length(uint claimed) =>
            claimed <= (uint)(_data.Length - _at) ? (int)claimed : throw Fail($"claims {claimed} bytes but has {_data.Length - _at} left");

        private int MemoIndex()
        {
            uint index = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
            return index <= int.MaxValue ? (int)index : throw Fail("has a memo index out of range");
        }

        private readonly object? Recall(int index) =>
            _memo.TryGetValue(index, out object? value) ? value : throw Fail($"refers to memo entry {index}, which was never stored");

        private long Long(int length)
        {
            if (length > 8)
            {
                throw Fail("has an integer larger than 64 bits");
            }
            ReadOnlySpan<byte> bytes = Take(length);
            long value = 0;
            for (int i = length - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[i];
            }
            if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
            {
                value -= 1L << (8 * length); // two's complement of the given width
            }
            return value;
        }

        // A dict key given as bytes (Python 2) is text built anew: counted, like Latin1.
        private readonly string Key(byte[] bytes)
        {
            Spend(bytes.Length);
            return Utf8(bytes);
        }

        private readonly void Spend(long count)
        {
            _built.Left -= count;
            if (_built.Left < 0)
            {
                throw Fail("builds far more data than the file holds (repeated references to a long value)");
            }
        }

        private readonly string Utf8(ReadOnlySpan<byte> bytes)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Fail("has a text string that is not UTF-8");
            }
        }

        private string Line()
        {
            int end = _data[_at..].IndexOf((byte)'\n');
            if (end < 0 || end > MaxGlobalNameLength)
            {
                throw Fail("has a malformed GLOBAL name");
            }
            string line = Encoding.ASCII.GetString(Take(end));
            _at++; // the newline
            return line;
        }

        private readonly Callable Global(string module, string name) => (module, name) switch
        {
            ("_codecs", "encode") => Callable.CodecsEncode,
            ("__builtin__" or "builtins", "bytes") => Callable.Bytes,
            ("datetime", "datetime") => Callable.DateTime,
            ("datetime", "timedelta") => Callable.TimeDelta,
            _ => throw Fail($"names {module}.{name}, which upstream's state does not use (refused)"),
        };

        private readonly object Call(Callable callable, IReadOnlyList<object?> arguments) => (callable, arguments) switch
        {
            (Callable.CodecsEncode, [string text, "latin1" or "latin-1"]) => Latin1(text),
            (Callable.Bytes, []) => Array.Empty<byte>(),
            (Callable.DateTime, [byte[] { Length: 10 } state]) => DateTimeFromState(state),
            (Callable.TimeDelta, [long days, long seconds, long microseconds]) => TimeDelta(days, seconds, microseconds),
            _ => throw Fail($"calls {callable} with arguments upstream's state does not use"),
        };

        private readonly byte[] Latin1(string text)
        {
            Spend(text.Length);
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = text[i] <= 0xFF ? (byte)text[i] : throw Fail("encodes a character beyond latin-1 as bytes");
            }
            return bytes;
        }

        // Python's datetime state: year (2 bytes, big-endian), month, day, hour, minute, second,
        // microsecond (3 bytes, big-endian).
        private readonly DateTime DateTimeFromState(byte[] s)
        {
            int year = (s[0] << 8) | s[1];
            int microsecond = (s[7] << 16) | (s[8] << 8) | s[9];
            if (year is < 1 or > 9999 || s[2] is < 1 or > 12 || s[3] < 1 || s[3] > DateTime.DaysInMonth(year, s[2])
                || s[4] > 23 || s[5] > 59 || s[6] > 59 || microsecond > 999_999)
            {
                throw Fail("has an invalid datetime");
            }
            return new DateTime(year, s[2], s[3], s[4], s[5], s[6], DateTimeKind.Utc).AddTicks(microsecond * 10L);
        }

        private readonly TimeSpan TimeDelta(long days, long seconds, long microseconds)
        {
            // Python keeps |days| <= 999999999, 0 <= seconds < 86400, 0 <= microseconds < 10**6.
            const long MaxDays = 10_000_000; // TimeSpan's range is about 10.6 million days
            if (Math.Abs(days) > MaxDays || seconds is < 0 or >= 86_400 || microseconds is < 0 or >= 1_000_000)
            {
                throw Fail("has a timedelta out of range");
            }
            return TimeSpan.FromTicks((((days * 86_400) + seconds) * TimeSpan.TicksPerSecond) + (microseconds * 10));
        }

        private readonly PickleTuple Tuple(object?[] items) =>
            new(items, Deepest(items));

        private readonly void AddTo(object? target, object?[] items)
        {
            if (target is not PickleList list)
            {
                throw Fail("appends to something that is not a list");
            }
            foreach (object? item in items)
            {
                list.Add(item, Within(item));
            }
        }

        private readonly void SetIn(object? target, object?[] pairs)
        {
            if (target is not PickleDict dict)
            {
                throw Fail("sets an item in something that is not a dict");
            }
            for (int i = 0; i < pairs.Length; i += 2)
            {
                string key = pairs[i] switch
                {
                    string text => text,
                    byte[] bytes => Key(bytes),
                    _ => throw Fail("has a dict key that is not a string"),
                };
                dict.Set(key, pairs[i + 1], Within(pairs[i + 1]));
            }
        }

        private readonly int Deepest(object?[] items)
        {
            int deepest = 0;
            foreach (object? item in items)
            {
                deepest = Math.Max(deepest, Within(item));
            }
            return deepest;
        }

        // How deep a container holding this value nests; refused past MaxDepth.
        private readonly int Within(object? value)
        {
            int depth = value switch
            {
                PickleList list => list.Depth + 1,
                PickleDict dict => dict.Depth + 1,
                PickleTuple tuple => tuple.Depth + 1,
                Mark or Callable => throw Fail("stores a marker or function as a value"),
                _ => 0,
            };
            return depth <= MaxDepth ? depth : throw Fail($"nests deeper than {MaxDepth}");
        }

        private readonly void Push(object? value) => _stack.Add(value);

        private readonly object? Peek() =>
            _stack.Count > 0 && _stack[^1] is not Mark ? _stack[^1] : throw Fail("uses a value the stack does not hold");

        private readonly object? Pop()
        {
            object? value = Peek();
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        private readonly object?[] PopTop(int count)
        {
            int from = _stack.Count - count;
            if (from < 0 || (_marks.Count > 0 && from <= _marks[^1]))
            {
                throw Fail("uses a value the stack does not hold");
            }
            object?[] items = [.. _stack.GetRange(from, count)];
            _stack.RemoveRange(from, count);
            return items;
        }

        private readonly object?[] PopToMark()
        {
            if (_marks.Count == 0)
            {
                throw Fail("closes a MARK it never opened");
            }
            int mark = _marks[^1];
            _marks.RemoveAt(_marks.Count - 1);
            object?[] items = [.. _stack.GetRange(mark + 1, _stack.Count - mark - 1)];
            _stack.RemoveRange(mark, _stack.Count - mark);
            return items;
        }
    }
}
