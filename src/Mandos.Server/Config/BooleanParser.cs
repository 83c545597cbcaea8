namespace Mandos.Server.Config;

/// <summary>Booleans as configparser's <c>getboolean</c> accepts them, case-insensitively.</summary>
public static class BooleanParser
{
    /// <summary>Parses 1/yes/true/on or 0/no/false/off, in any letter case.</summary>
    /// <exception cref="FormatException">Any other text, including the empty string.</exception>
    public static bool Parse(string value) =>
        TryParse(value, out bool result)
            ? result
            : throw new FormatException(
                $"invalid boolean \"{value}\" (use yes/no, true/false, on/off or 1/0)");

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string value, out bool result)
    {
        switch (value.ToLowerInvariant())
        {
            case "1" or "yes" or "true" or "on":
                result = true;
                return true;
            case "0" or "no" or "false" or "off":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }
}
