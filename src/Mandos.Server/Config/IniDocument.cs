using System.Globalization;
using System.Text;
using Mandos.Core.Config;
using Mandos.Core.Errors;

namespace Mandos.Server.Config;

/// <summary>
/// A configuration file in the dialect of Python's <c>configparser.ConfigParser</c> with
/// <c>BasicInterpolation</c> in strict mode, which is what upstream Mandos reads
/// <c>mandos.conf</c> and <c>clients.conf</c> with. Section names are case-sensitive, option
/// names are lower-cased, <c>[DEFAULT]</c> supplies values to every section, and values may
/// refer to other options with <c>%(name)s</c>.
/// </summary>
public sealed partial class IniDocument
{
    /// <summary>The section whose options every other section inherits.</summary>
    public const string DefaultSection = "DEFAULT";

    // Option names map to raw (uninterpolated) values; insertion order is kept because
    // clients are served and listed in file order.
    private readonly OrderedDictionary<string, string> _defaults = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, OrderedDictionary<string, string>> _sections =
        new(StringComparer.Ordinal);

    private IniDocument(string fileName) => FileName = fileName;

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>The section names in file order, without <c>[DEFAULT]</c>.</summary>
    public IReadOnlyList<string> Sections => [.. _sections.Keys];

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="builtInDefaults"/> are placed in
    /// <c>[DEFAULT]</c> first, so the file's own <c>[DEFAULT]</c> overrides them; they are
    /// stored raw and interpolated only when read, as configparser does.
    /// </summary>
    /// <exception cref="ConfigException">A syntax error, duplicate section or duplicate option.</exception>
    public static IniDocument Parse(
        string text, string fileName, IReadOnlyDictionary<string, string>? builtInDefaults = null)
    {
        var document = new IniDocument(fileName);
        foreach (var (key, value) in builtInDefaults ?? new Dictionary<string, string>())
        {
            document._defaults[NormaliseKey(key)] = value;
        }
        document.ParseLines(text);
        return document;
    }

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/> as UTF-8, or returns null if it
    /// does not exist (both upstream config files are optional).
    /// </summary>
    /// <exception cref="ConfigException">The file exists but cannot be read or parsed.</exception>
    public static IniDocument? LoadIfExists(
        string path, IReadOnlyDictionary<string, string>? builtInDefaults = null)
    {
        string? text = ReadTextIfExists(path);
        return text is null ? null : Parse(text, path, builtInDefaults);
    }

    /// <summary>True for a section from the file; false for <c>[DEFAULT]</c>, as in configparser.</summary>
    public bool HasSection(string section) => _sections.ContainsKey(section);

    /// <summary>True if the option is set in the section itself or in <c>[DEFAULT]</c>.</summary>
    public bool HasOption(string section, string key) => GetRaw(section, key) is not null;

    /// <summary>The option names visible in a section: <c>[DEFAULT]</c>'s first, then the section's own.</summary>
    public IReadOnlyList<string> Keys(string section)
    {
        var own = OwnOptions(section);
        return [.. _defaults.Keys, .. own.Keys.Where(key => !_defaults.ContainsKey(key))];
    }

    /// <summary>The raw value, with <c>%</c> sequences untouched, or null if the option is not set.</summary>
    public string? GetRaw(string section, string key)
    {
        string name = NormaliseKey(key);
        return OwnOptions(section).TryGetValue(name, out string? value) ? value
            : _defaults.TryGetValue(name, out string? inherited) ? inherited
            : null;
    }

    /// <summary>The interpolated value.</summary>
    /// <exception cref="ConfigException">The option is not set, or its interpolation fails.</exception>
    public string Get(string section, string key)
    {
        string raw = GetRaw(section, key)
            ?? throw ConfigException.ForKey(FileName, section, NormaliseKey(key), "is not set");
        return Interpolate(section, NormaliseKey(key), raw);
    }

    /// <summary>Every visible option of a section, interpolated, in <see cref="Keys"/> order.</summary>
    public IReadOnlyDictionary<string, string> GetAll(string section)
    {
        var result = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in Keys(section))
        {
            result[key] = Get(section, key);
        }
        return result;
    }

    /// <summary>The interpolated value as a configparser boolean (yes/no, true/false, on/off, 1/0).</summary>
    public bool GetBoolean(string section, string key) =>
        Convert(section, key, BooleanParser.Parse);

    /// <summary>The interpolated value as a decimal integer with optional sign.</summary>
    public int GetInt32(string section, string key) => Convert(section, key, ParseInt32);

    /// <summary>The interpolated value as a Mandos duration (see <see cref="DurationParser"/>).</summary>
    public TimeSpan GetDuration(string section, string key) =>
        Convert(section, key, DurationParser.Parse);

    private T Convert<T>(string section, string key, Func<string, T> parse)
    {
        string value = Get(section, key);
        try
        {
            return parse(value);
        }
        catch (FormatException e) // our parsers' own sentences (DurationParser, BooleanParser...)
        {
            throw ConfigException.ForKey(FileName, section, NormaliseKey(key), e.Message);
        }
    }

    private static int ParseInt32(string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new FormatException($"invalid integer \"{value}\"");

    private OrderedDictionary<string, string> OwnOptions(string section)
    {
        if (section == DefaultSection)
        {
            return EmptySection;
        }
        return _sections.TryGetValue(section, out var options) ? options
            : throw ConfigException.ForSection(FileName, section, "no such section");
    }

    private static readonly OrderedDictionary<string, string> EmptySection = new(StringComparer.Ordinal);

    // configparser's default optionxform is str.lower().
    private static string NormaliseKey(string key) => key.ToLowerInvariant();

    private static string? ReadTextIfExists(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigException.ForFile(path, $"cannot read the file: {ErrorText.Of(e, path)}");
        }
        return DecodeUtf8(bytes, path);
    }

    private static string DecodeUtf8(byte[] bytes, string path)
    {
        try
        {
            string text = new UTF8Encoding(false, true).GetString(bytes);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw ConfigException.ForFile(path, "the file is not valid UTF-8 text");
        }
    }
}
