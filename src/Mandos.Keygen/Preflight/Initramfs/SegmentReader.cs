using System.Security.Cryptography;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// Reads one stream of an initramfs (the file itself, or the decompressed data of its compressed
/// part) forwards, counting the bytes consumed: cpio "newc" aligns headers and data to 4 bytes
/// from the start of the stream. The buffer may have held key files; it is cleared at dispose.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    public SegmentReader(Stream stream)
    {
        _stream = stream;
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

    /// <summary>Skips zero bytes (the padding between archives); false at the end of the stream.</summary>
    public bool SkipZeros()
    {
        while (Fill(1))
        {
            int zeros = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept((byte)0);
            if (zeros >= 0)
            {
                Consume(zeros);
                return true;
            }
            Consume(_end - _start);
        }
        return false;
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
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return false;
            }
            _end += n;
        }
        return true;
    }
}
