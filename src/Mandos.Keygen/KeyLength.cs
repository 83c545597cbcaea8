using System.Globalization;

namespace Mandos.Keygen;

/// <summary>An RSA key length from the command line: a whole number of bits, at least 512.</summary>
internal static class KeyLength
{
    private const int Minimum = 512;
    private const int Maximum = 16384; // BouncyCastle's ceiling for RSA moduli

    public static int Parse(string text, string what)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int bits)
            || bits < Minimum || bits > Maximum)
        {
            throw new KeygenException($"Invalid {what} length");
        }
        return bits;
    }
}
