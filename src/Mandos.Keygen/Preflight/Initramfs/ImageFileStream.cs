using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// The open image file read forwards from an offset with pread(2), leaving the descriptor open and
/// its file offset alone: the one descriptor serves the cpio part, the gzip part, and a
/// decompressor's stdin.
/// </summary>
internal sealed class ImageFileStream(SafeFileHandle handle, long start) : Stream
{
    private long _position = start;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = RandomAccess.Read(handle, buffer, _position);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
