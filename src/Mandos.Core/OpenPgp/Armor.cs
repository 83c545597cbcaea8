using Org.BouncyCastle.Bcpg;

namespace Mandos.Core.OpenPgp;

/// <summary>ASCII armor as gpg writes it: a Comment header, no Version header, CRC-24 line.</summary>
internal static class Armor
{
    public static byte[] Encode(ReadOnlySpan<byte> binary, string comment)
    {
        using var output = new MemoryStream();
        using (ArmoredOutputStream armored = ArmoredOutputStream.Build()
                   .ClearHeaders()
                   .SetComment(comment)
                   .Build(output))
        {
            armored.Write(binary);
        }
        return output.ToArray();
    }
}
