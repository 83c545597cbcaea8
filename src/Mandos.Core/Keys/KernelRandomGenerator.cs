using System.Runtime.InteropServices;
using Mandos.Core.Interop;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Mandos.Core.Keys;

/// <summary>
/// Random bytes straight from the kernel (getrandom(2)). BouncyCastle's default
/// <see cref="SecureRandom"/> seeds itself from .NET's RandomNumberGenerator, which on Linux
/// loads OpenSSL; an initramfs has no OpenSSL, so code that runs there uses this instead.
/// </summary>
public sealed class KernelRandomGenerator : IRandomGenerator
{
    /// <summary>A <see cref="SecureRandom"/> drawing on the kernel, touching neither OpenSSL nor BouncyCastle's default seed.</summary>
    public static SecureRandom CreateSecureRandom() => new(new KernelRandomGenerator());

    // The kernel mixes its own entropy; extra seed material is neither needed nor used.
    public void AddSeedMaterial(byte[] seed)
    {
    }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
    }

    public void AddSeedMaterial(long seed)
    {
    }

    public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

    public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

    public unsafe void NextBytes(Span<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            nint n;
            fixed (byte* p = bytes)
            {
                n = Libc.GetRandom(p, bytes.Length, 0);
            }
            if (n > 0)
            {
                bytes = bytes[(int)n..];
            }
            else if (n < 0 && Marshal.GetLastPInvokeError() != Errno.Interrupted)
            {
                throw new RandomSourceException($"the kernel's random number generator (getrandom): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
    }
}
