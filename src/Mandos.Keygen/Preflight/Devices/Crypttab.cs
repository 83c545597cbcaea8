using System.Text;

namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// Reads crypttab(5) as Debian's cryptsetup does: one device per line, fields separated by spaces
/// or tabs, <c>#</c> lines and blank lines ignored, octal sequences <c>\0NNN</c> decoded within a
/// field (a space is <c>\040</c>), options comma-separated. Three fields are
/// required by Debian and two by systemd (the key file is then <c>none</c>); more than four
/// fields, or a first field that is not a plain name, is reported as a problem and the line left
/// out.
/// </summary>
public static class Crypttab
{
    /// <summary>Where the running system keeps it.</summary>
    public const string EtcPath = "/etc/crypttab";

    private static readonly char[] Blanks = [' ', '\t'];

    public static CrypttabFile Parse(string text, string fileName)
    {
        var entries = new List<CrypttabEntry>();
        var problems = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim(Blanks);
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int number = i + 1;
            string[] fields = line.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is < 2 or > 4)
            {
                problems.Add($"{fileName} line {number} has {fields.Length} field{(fields.Length == 1 ? "" : "s")}, not 2 to 4 (target, source, key file, options); it is left out.");
                continue;
            }
            string target = Decode(fields[0]);
            if (target.Contains('/', StringComparison.Ordinal) || target is "." or "..")
            {
                problems.Add($"{fileName} line {number}: the target \"{PrintableText.Of(target)}\" is not a plain name; it is left out.");
                continue;
            }
            string keyFile = fields.Length > 2 ? Decode(fields[2]) : CrypttabEntry.NoKeyFile;
            IReadOnlyList<CrypttabOption> options = fields.Length > 3 ? ParseOptions(fields[3]) : [];
            entries.Add(new CrypttabEntry(target, Decode(fields[1]), keyFile, options, number));
        }
        return new CrypttabFile(fileName, entries, problems);
    }

    // Split before decoding, as Debian does, so an escaped comma (\054) stays inside its value.
    private static List<CrypttabOption> ParseOptions(string field)
    {
        var options = new List<CrypttabOption>();
        foreach (string option in field.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = option.IndexOf('=', StringComparison.Ordinal);
            options.Add(equals < 0
                ? new CrypttabOption(Decode(option), null)
                : new CrypttabOption(Decode(option[..equals]), Decode(option[(equals + 1)..])));
        }
        return options;
    }

    /// <summary>
    /// Octal sequences as printf's %b reads them (Debian decodes fields with it): a backslash, a 0,
    /// up to three octal digits. <c>\\</c> is a backslash; any other backslash, which crypttab(5)
    /// leaves undefined, stays as it is.
    /// </summary>
    public static string Decode(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }
        var decoded = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            char c = field[i];
            if (c != '\\' || i + 1 >= field.Length)
            {
                decoded.Append(c);
                continue;
            }
            char next = field[i + 1];
            if (next == '\\')
            {
                decoded.Append('\\');
                i++;
                continue;
            }
            if (next != '0')
            {
                decoded.Append(c);
                continue;
            }
            int start = i + 2;
            int end = start;
            int value = 0;
            while (end < field.Length && end < start + 3 && IsOctal(field[end]))
            {
                value = (value * 8) + (field[end] - '0');
                end++;
            }
            decoded.Append((char)(value & 0xff));
            i = end - 1;
        }
        return decoded.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
