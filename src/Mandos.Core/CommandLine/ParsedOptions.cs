namespace Mandos.Core.CommandLine;

/// <summary>The options found on a command line, in the order given, and the positional arguments.</summary>
public sealed class ParsedOptions
{
    private readonly List<KeyValuePair<string, string?>> _options = [];
    private readonly List<string> _positionals = [];

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Every option in command-line order (long name, value or null).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> InOrder => _options;

    internal void Add(string name, string? value) => _options.Add(new(name, value));

    internal void AddPositional(string arg) => _positionals.Add(arg);

    public bool Has(string name) => _options.Exists(o => o.Key == name);

    /// <summary>The value of the last occurrence, or null when the option was not given.</summary>
    public string? Get(string name)
    {
        for (int i = _options.Count - 1; i >= 0; i--)
        {
            if (_options[i].Key == name)
            {
                return _options[i].Value;
            }
        }
        return null;
    }

    public IReadOnlyList<string> GetAll(string name) =>
        _options.Where(o => o.Key == name && o.Value is not null).Select(o => o.Value!).ToList();

    public int? GetInt(string name)
    {
        string? v = Get(name);
        if (v is null)
        {
            return null;
        }
        if (!int.TryParse(v.Trim(), System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            throw new UsageException($"invalid integer value for --{name}: '{v}'");
        }
        return n;
    }

    public double? GetDouble(string name)
    {
        string? v = Get(name);
        if (v is null)
        {
            return null;
        }
        if (!double.TryParse(v.Trim(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out double d))
        {
            throw new UsageException($"invalid number for --{name}: '{v}'");
        }
        return d;
    }
}
