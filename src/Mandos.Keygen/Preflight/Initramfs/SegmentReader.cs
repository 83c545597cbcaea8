using System.Security.Cryptography;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// Reads one stream of an initramfs (the file itself, or the decompressed data of its compressed
/// part) forwards, counting the bytes consumed: cpio "newc" aligns headers and data to 4 bytes
/// from the start of the stream. At most a given number of bytes is taken from the stream (a
/// decompressed stream may be endless); past that, reading throws an <see cref="InitramfsException"/>
/// with the sentence given. The buffer may have held key files; it is cleared at dispose.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _limit;
    private readonly string _beyondLimit;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _taken;
    private int _start;
    private int _end;

    /// <param name="stream">the stream, disposed with this reader</param>
    /// <param name="limit">how many bytes may be taken from it</param>
    /// <param name="beyondLimit">the sentence when the stream holds more</param>
    public SegmentReader(Stream stream, long limit, string beyondLimit)
    {
        _stream = stream;
        _limit = limit;
        _beyondLimit = beyondLimit;
    }

    /// <summary>Bytes consumed from the start of the stream.</summary>
    public long Position { get; private set; }

    /// <summary>The next byte without consuming it, or -1 at the end of the stream.</summary>
    public int Peek() => Fill(1) ? _buffer[_start] : -1;

    /// <summary>Up to <paramref name="count"/> (at most the buffer's size) next bytes without consuming them; fewer at the end of the stream.</summary>
    public ReadOnlySpan<byte> PeekMany(int count)
    {
        _ = Fill(count);
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    /// <summary>Fills <paramref name="target"/>; false when the stream ends first.</summary>
    public bool TryRead(Span<byte> target)
    {
        while (target.Length > 0)
        {
            if (!Fill(1))
            {
                return false;
            }
            int n = Math.Min(target.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(target);
            Consume(n);
            target = target[n..];
        }
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when the stream ends first.</summary>
    public bool TrySkip(long count)
    {
        while (count > 0)
        {
            if (!Fill(1))
            {
                return false;
            }
            int n = (int)Math.Min(count, _end - _start);
            Consume(n);
            count -= n;
        }
        return true;
    }

    /// <summary>Skips to the next multiple of 4 from the start of the stream; false when the stream ends first.</summary>
    public bool TryAlign() => TrySkip((4 - (Position & 3)) & 3);

    /// <summary>Skips zero bytes (the padding between archives), at most <paramref name="limit"/>; how many were skipped.</summary>
    public long SkipZeros(long limit)
    {
        long skipped = 0;
        while (skipped < limit && Fill(1))
        {
            int available = (int)Math.Min(_end - _start, limit - skipped);
            int zeros = _buffer.AsSpan(_start, available).IndexOfAnyExcept((byte)0);
            int n = zeros < 0 ? available : zeros;
            Consume(n);
            skipped += n;
            if (zeros >= 0)
            {
                break;
            }
        }
        return skipped;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _stream.Dispose();
    }

    private void Consume(int count)
    {
        _start += count;
        Position += count;
    }

    // At least min(count, buffer size) bytes buffered, unless the stream ends first.
    private bool Fill(int count)
    {
        count = Math.Min(count, _buffer.Length);
        if (_end - _start >= count)
        {
            return true;
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end < count)
        {
            if (_taken >= _limit)
            {
                // one byte more tells a stream of exactly the limit from a longer one
                if (_stream.Read(_buffer, _end, 1) == 0)
                {
                    return false;
                }
                throw new InitramfsException(_beyondLimit);
            }
            int n = _stream.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, _limit - _taken));
            if (n == 0)
            {
                return false;
            }
            _end += n;
            _taken += n;
        }
        return true;
    }
}
