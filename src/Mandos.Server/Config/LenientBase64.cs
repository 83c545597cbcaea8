namespace Mandos.Server.Config;

/// <summary>
/// Base64 decoding as Python's non-strict <c>binascii.a2b_base64</c> does it, which is how
/// upstream decodes <c>secret</c>: characters outside the alphabet (newlines, spaces, stray
/// punctuation) are skipped, enough "=" padding ends the data, and a final group of one,
/// two or three characters without the padding it needs is an error.
/// </summary>
internal static class LenientBase64
{
    /// <exception cref="FormatException">The padding is wrong; the message never contains the data.</exception>
    public static byte[] Decode(string text)
    {
        var output = new List<byte>(text.Length * 3 / 4);
        int quadPosition = 0;
        int pending = 0;
        int pads = 0;
        foreach (char character in text)
        {
            if (character == '=')
            {
                // Padding counts only once two data characters of a group are in.
                if (quadPosition >= 2 && quadPosition + ++pads >= 4)
                {
                    return [.. output];
                }
                continue;
            }
            int sextet = SextetOf(character);
            if (sextet < 0)
            {
                continue;
            }
            pads = 0;
            (quadPosition, pending) = Accumulate(output, quadPosition, pending, sextet);
        }
        return quadPosition switch
        {
            0 => [.. output],
            1 => throw new FormatException("invalid base64: the number of data characters is one more than a multiple of 4"),
            _ => throw new FormatException("invalid base64: incorrect padding"),
        };
    }

    // Adds one 6-bit value to the current group of four, emitting bytes as they complete.
    private static (int QuadPosition, int Pending) Accumulate(List<byte> output, int quadPosition, int pending, int sextet)
    {
        switch (quadPosition)
        {
            case 0:
                return (1, sextet);
            case 1:
                output.Add((byte)((pending << 2) | (sextet >> 4)));
                return (2, sextet & 0x0F);
            case 2:
                output.Add((byte)((pending << 4) | (sextet >> 2)));
                return (3, sextet & 0x03);
            default:
                output.Add((byte)((pending << 6) | sextet));
                return (0, 0);
        }
    }

    private static int SextetOf(char character) => character switch
    {
        >= 'A' and <= 'Z' => character - 'A',
        >= 'a' and <= 'z' => character - 'a' + 26,
        >= '0' and <= '9' => character - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
