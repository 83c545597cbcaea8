using System.ComponentModel;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// A decompressor program's stdout as a stream. Its stdin is the image file from the compressed
/// segment on, its stderr /dev/null (a failure is told in one sentence of ours); at the end of its
/// output it must have exited with 0, or the segment was not valid. Disposing before the end
/// stops and reaps it.
/// </summary>
internal sealed class DecompressorProcess : Stream
{
    private readonly string _imagePath;
    private readonly string _format;
    private readonly string _program;
    private readonly SpawnedChild _child;
    private readonly Stream _output;
    private bool _reaped;

    private DecompressorProcess(string imagePath, string format, string program, SpawnedChild child)
    {
        _imagePath = imagePath;
        _format = format;
        _program = program;
        _child = child;
        _output = child.Output!;
    }

    /// <summary>Starts <paramref name="program"/> on the open image <paramref name="image"/> from <paramref name="offset"/> on; <paramref name="image"/> stays open.</summary>
    public static DecompressorProcess Start(SafeFileHandle image, string imagePath, long offset, string format, string program, IReadOnlyList<string> arguments)
    {
        int fd = (int)image.DangerousGetHandle();
        // The child reads from the descriptor's file offset, which it shares with us (our own
        // reads used pread and left it alone).
        if (Libc.LSeek(fd, offset, Libc.SeekSet) != offset)
        {
            throw new InitramfsException($"cannot read {imagePath}: seeking to its {format}-compressed part failed");
        }
        var options = new SpawnOptions
        {
            CaptureOutput = true,
            InputDescriptor = fd,
            ErrorToDevNull = true,
            CloseOtherDescriptors = true,
        };
        try
        {
            SpawnedChild child = ChildSpawner.Spawn(program, [program, .. arguments], FixedEnvironment.With([]), options);
            return new DecompressorProcess(imagePath, format, program, child);
        }
        catch (Win32Exception e)
        {
            throw new InitramfsException($"cannot decompress {imagePath}: starting {program} failed: {ErrorText.Of(e)}", e);
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = _output.Read(buffer);
        if (n == 0 && buffer.Length > 0 && !_reaped)
        {
            _reaped = true;
            int status = ChildStatus.Wait(_child.Pid);
            if (status != 0)
            {
                throw new InitramfsException($"{_imagePath} is not a valid {_format} stream ({_program} exited with status {status})");
            }
        }
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output.Dispose();
            if (!_reaped)
            {
                // stopped before the end: the closed pipe would stop it at its next write; it may
                // still be reading, so it is told to stop now
                _reaped = true;
                _ = ChildStatus.Signal(_child.Pid, SignalNumber.Terminate);
                _ = ChildStatus.Wait(_child.Pid);
            }
        }
        base.Dispose(disposing);
    }
}
