using System.Runtime.InteropServices;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Mandos.Core.OpenPgp;

/// <summary>
/// RSA PKCS#1 v1.5 decryption through the system's libcrypto, when there is one: about ten times
/// faster than BouncyCastle's managed big integers for a 4096-bit key (~4 ms instead of ~37 ms,
/// most of the client's time). Debian's cryptsetup links libcrypto, so a cryptroot initramfs
/// carries it anyway; without it, the caller falls back to BouncyCastle. OpenSSL blinds private
/// key operations by default and clears the key's numbers when the key is freed.
/// </summary>
internal static unsafe class OpenSslRsa
{
    private const int Pkcs1Padding = 1;

    private static readonly Functions? Library = Load();

    /// <summary>For tests: force the BouncyCastle path.</summary>
    internal static bool Disabled { get; set; } = Environment.GetEnvironmentVariable("MANDOS_NO_LIBCRYPTO") == "1";

    public static bool Available => Library is not null && !Disabled;

    /// <summary>Decrypts <paramref name="input"/>; null when libcrypto is absent or refuses it.</summary>
    public static byte[]? TryDecrypt(RsaPrivateCrtKeyParameters key, ReadOnlySpan<byte> input)
    {
        if (!Available)
        {
            return null;
        }
        Functions f = Library!;
        IntPtr rsa = f.RsaNew();
        if (rsa == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            if (!SetKey(f, rsa, key))
            {
                return null;
            }
            int size = f.RsaSize(rsa);
            byte[] output = new byte[size];
            int n;
            fixed (byte* from = input)
            fixed (byte* to = output)
            {
                n = f.RsaPrivateDecrypt(input.Length, from, to, rsa, Pkcs1Padding);
            }
            if (n < 0)
            {
                Array.Clear(output);
                return null;
            }
            byte[] result = output[..n];
            Array.Clear(output);
            return result;
        }
        finally
        {
            f.RsaFree(rsa);
        }
    }

    // RSA_set0_* take ownership of the BIGNUMs on success; RSA_free then clears and frees them.
    private static bool SetKey(Functions f, IntPtr rsa, RsaPrivateCrtKeyParameters key)
    {
        IntPtr n = Bn(f, key.Modulus), e = Bn(f, key.PublicExponent), d = Bn(f, key.Exponent);
        if (f.SetKey(rsa, n, e, d) != 1)
        {
            f.BnClearFree(n);
            f.BnClearFree(e);
            f.BnClearFree(d);
            return false;
        }
        IntPtr p = Bn(f, key.P), q = Bn(f, key.Q);
        if (f.SetFactors(rsa, p, q) != 1)
        {
            f.BnClearFree(p);
            f.BnClearFree(q);
            return false;
        }
        IntPtr dp = Bn(f, key.DP), dq = Bn(f, key.DQ), qInv = Bn(f, key.QInv);
        if (f.SetCrtParams(rsa, dp, dq, qInv) != 1)
        {
            f.BnClearFree(dp);
            f.BnClearFree(dq);
            f.BnClearFree(qInv);
            return false;
        }
        return true;
    }

    private static IntPtr Bn(Functions f, BigInteger value)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        try
        {
            fixed (byte* b = bytes)
            {
                return f.BnBin2Bn(b, bytes.Length, IntPtr.Zero);
            }
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private static Functions? Load()
    {
        if (!NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr lib))
        {
            return null;
        }
        try
        {
            return new Functions(lib);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    private sealed class Functions(IntPtr lib)
    {
        public readonly delegate* unmanaged<IntPtr> RsaNew = (delegate* unmanaged<IntPtr>)Export(lib, "RSA_new");
        public readonly delegate* unmanaged<IntPtr, void> RsaFree = (delegate* unmanaged<IntPtr, void>)Export(lib, "RSA_free");
        public readonly delegate* unmanaged<IntPtr, int> RsaSize = (delegate* unmanaged<IntPtr, int>)Export(lib, "RSA_size");
        public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, int> SetKey =
            (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, int>)Export(lib, "RSA_set0_key");
        public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, int> SetFactors =
            (delegate* unmanaged<IntPtr, IntPtr, IntPtr, int>)Export(lib, "RSA_set0_factors");
        public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, int> SetCrtParams =
            (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, int>)Export(lib, "RSA_set0_crt_params");
        public readonly delegate* unmanaged<int, byte*, byte*, IntPtr, int, int> RsaPrivateDecrypt =
            (delegate* unmanaged<int, byte*, byte*, IntPtr, int, int>)Export(lib, "RSA_private_decrypt");
        public readonly delegate* unmanaged<byte*, int, IntPtr, IntPtr> BnBin2Bn =
            (delegate* unmanaged<byte*, int, IntPtr, IntPtr>)Export(lib, "BN_bin2bn");
        public readonly delegate* unmanaged<IntPtr, void> BnClearFree = (delegate* unmanaged<IntPtr, void>)Export(lib, "BN_clear_free");

        private static void* Export(IntPtr lib, string name) =>
            NativeLibrary.TryGetExport(lib, name, out IntPtr address)
                ? (void*)address
                : throw new EntryPointNotFoundException(name);
    }
}
