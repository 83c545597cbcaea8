using System.Text;

namespace Mandos.Server.Config;

// configparser's BasicInterpolation: %(name)s takes option "name" from the same section or
// [DEFAULT], %% is a literal %, and a referenced value that itself contains % is expanded in
// turn, up to ten levels deep.
public sealed partial class IniDocument
{
    private const int MaxInterpolationDepth = 10;

    /// <summary>
    /// Interpolates <paramref name="rawValue"/> as if it were option <paramref name="key"/> of
    /// <paramref name="section"/> (the key is used only in error messages).
    /// </summary>
    /// <exception cref="ConfigException">A lone %, a malformed or unknown reference, or nesting deeper than 10.</exception>
    public string Interpolate(string section, string key, string rawValue)
    {
        var output = new StringBuilder(rawValue.Length);
        InterpolateInto(output, section, key, rawValue, 1);
        return output.ToString();
    }

    private void InterpolateInto(StringBuilder output, string section, string key, string rest, int depth)
    {
        if (depth > MaxInterpolationDepth)
        {
            throw InterpolationError(section, key,
                $"%(name)s references nest deeper than {MaxInterpolationDepth} levels (is a reference circular?)");
        }
        int position = 0;
        while (position < rest.Length)
        {
            int percent = rest.IndexOf('%', position);
            if (percent < 0)
            {
                output.Append(rest, position, rest.Length - position);
                return;
            }
            output.Append(rest, position, percent - position);
            position = ExpandPercent(output, section, key, rest, percent, depth);
        }
    }

    // Handles the % sequence at "percent" and returns the position just after it.
    private int ExpandPercent(StringBuilder output, string section, string key, string rest, int percent, int depth)
    {
        char next = percent + 1 < rest.Length ? rest[percent + 1] : '\0';
        if (next == '%')
        {
            output.Append('%');
            return percent + 2;
        }
        if (next != '(')
        {
            throw InterpolationError(section, key, "a lone \"%\" (write \"%%\" for a literal percent sign)");
        }
        // The reference must match %\(([^)]+)\)s.
        int close = rest.IndexOf(')', percent + 2);
        if (close <= percent + 2 || close + 1 >= rest.Length || rest[close + 1] != 's')
        {
            throw InterpolationError(section, key, "\"%(\" is not followed by \"name)s\"");
        }
        string name = NormaliseKey(rest[(percent + 2)..close]);
        string value = GetRaw(section, name)
            ?? throw InterpolationError(section, key, $"%({name})s refers to an option that is not set");
        if (value.Contains('%'))
        {
            InterpolateInto(output, section, key, value, depth + 1);
        }
        else
        {
            output.Append(value);
        }
        return close + 2;
    }

    // Values are left out of the message on purpose: the option may be a secret.
    private ConfigException InterpolationError(string section, string key, string problem) =>
        ConfigException.ForKey(FileName, section, key, $"bad interpolation: {problem}");
}
