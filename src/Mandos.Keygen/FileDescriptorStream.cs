using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Keygen;

/// <summary>
/// Plain read(2)/write(2) on an inherited descriptor (0, 1, 2). A FileStream over a redirected
/// regular file would use positional I/O and leave the shared file offset where it was, so the
/// next writer to the same file would overwrite our output; .NET's Console streams, on a
/// terminal, first send the terminal its keypad mode sequence.
/// </summary>
internal sealed class FileDescriptorStream(int fd) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.Read(fd, p, buffer.Length);
            }
            if (n >= 0)
            {
                return (int)n;
            }
            ThrowUnlessInterrupted();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.Write(fd, p, buffer.Length);
            }
            if (n >= 0)
            {
                buffer = buffer[(int)n..];
                continue;
            }
            ThrowUnlessInterrupted();
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void ThrowUnlessInterrupted()
    {
        int errno = Marshal.GetLastPInvokeError();
        if (errno != Errno.Interrupted)
        {
            throw new DescriptorIOException($"file descriptor {fd}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }
}
