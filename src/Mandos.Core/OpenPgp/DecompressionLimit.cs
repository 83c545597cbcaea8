namespace Mandos.Core.OpenPgp;

/// <summary>
/// How many decompressed bytes one message may still yield, shared by all its compression
/// layers, so that a small message cannot expand without bound (a "zip bomb") and nested
/// layers cannot multiply the allowance. <see cref="MaxBytes"/> is cryptsetup's own limit for
/// a key file: no disk password or key file a Mandos client can use is larger.
/// </summary>
internal sealed class DecompressionLimit
{
    public const int MaxBytes = 8 << 20;

    private long _remaining = MaxBytes;

    /// <summary>Wraps one layer's decompressed stream so that it draws on this allowance.</summary>
    public Stream Bound(Stream decompressed) => new BoundedStream(decompressed, this);

    private void Take(int count)
    {
        _remaining -= count;
        if (_remaining < 0)
        {
            throw new SecretDecryptionException(
                $"the encrypted secret decompresses to more than {MaxBytes >> 20} MiB; refusing it");
        }
    }

    private sealed class BoundedStream(Stream inner, DecompressionLimit limit) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            limit.Take(n);
            return n;
        }

        public override int ReadByte()
        {
            int b = inner.ReadByte();
            if (b >= 0)
            {
                limit.Take(1);
            }
            return b;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
