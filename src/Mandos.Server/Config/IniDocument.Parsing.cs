namespace Mandos.Server.Config;

// Line-by-line reading with configparser's rules: full-line comments, no inline comments,
// continuation lines recognised by indentation, blank lines kept inside values
// (empty_lines_in_values=True) and strict duplicate detection.
public sealed partial class IniDocument
{
    private void ParseLines(string text)
    {
        var state = new ParseState();
        // Python splits only at CR, LF and CRLF; form feeds and Unicode separators stay in the line.
        string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            ParseLine(state, lines[index], index + 1);
        }
        state.FlushValue();
    }

    private void ParseLine(ParseState state, string line, int lineNumber)
    {
        string trimmed = line.Trim();
        if (trimmed.StartsWith('#') || trimmed.StartsWith(';'))
        {
            return; // Comments neither end a value nor change the indentation level.
        }
        if (trimmed.Length == 0)
        {
            state.ValueLines?.Add(""); // Trailing blank lines are trimmed when the value ends.
            return;
        }
        int indent = line.Length - line.TrimStart().Length;
        if (state.ValueLines is not null && indent > state.IndentLevel)
        {
            state.ValueLines.Add(trimmed);
            return;
        }
        state.IndentLevel = indent;
        if (TryParseSectionHeader(trimmed, out string? sectionName))
        {
            state.FlushValue();
            EnterSection(state, sectionName, lineNumber);
        }
        else
        {
            ParseOption(state, trimmed, lineNumber);
        }
    }

    // configparser's header pattern is \[(.+)\] matched at the start: the name runs to the
    // last "]" and anything after it is ignored.
    private static bool TryParseSectionHeader(string trimmed, out string name)
    {
        int close = trimmed.LastIndexOf(']');
        bool isHeader = trimmed.StartsWith('[') && close >= 2;
        name = isHeader ? trimmed[1..close] : "";
        return isHeader;
    }

    private void EnterSection(ParseState state, string name, int lineNumber)
    {
        state.SectionName = name;
        if (name == DefaultSection)
        {
            // Strict mode does not forbid a second [DEFAULT] header, only repeated options.
            state.Section = _defaults;
            return;
        }
        if (!state.SeenSections.Add(name))
        {
            throw ConfigException.AtLine(FileName, lineNumber, $"section [{name}] appears twice");
        }
        state.Section = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        _sections[name] = state.Section;
    }

    private void ParseOption(ParseState state, string trimmed, int lineNumber)
    {
        if (state.Section is null)
        {
            throw ConfigException.AtLine(
                FileName, lineNumber, "expected a [section] header before the first option");
        }
        int delimiter = trimmed.IndexOfAny(['=', ':']);
        if (delimiter < 0)
        {
            throw ConfigException.AtLine(FileName, lineNumber,
                "expected \"key = value\", \"key: value\", a [section] header or an indented continuation line");
        }
        string key = NormaliseKey(trimmed[..delimiter].TrimEnd());
        if (key.Length == 0)
        {
            throw ConfigException.AtLine(
                FileName, lineNumber, $"option line has no name before \"{trimmed[delimiter]}\"");
        }
        if (!state.SeenOptions.Add((state.SectionName, key)))
        {
            throw ConfigException.AtLine(FileName, lineNumber,
                $"option \"{key}\" is set twice in section [{state.SectionName}]");
        }
        state.FlushValue();
        state.StartValue(key, trimmed[(delimiter + 1)..].Trim());
    }

    private sealed class ParseState
    {
        public OrderedDictionary<string, string>? Section { get; set; }
        public string SectionName { get; set; } = "";
        public int IndentLevel { get; set; }
        public HashSet<string> SeenSections { get; } = new(StringComparer.Ordinal);
        public HashSet<(string Section, string Key)> SeenOptions { get; } = [];

        /// <summary>The lines of the value being read, or null after a section header.</summary>
        public List<string>? ValueLines { get; private set; }

        private string _valueKey = "";

        public void StartValue(string key, string firstLine)
        {
            _valueKey = key;
            ValueLines = [firstLine];
        }

        public void FlushValue()
        {
            if (ValueLines is not null && Section is not null)
            {
                Section[_valueKey] = string.Join('\n', ValueLines).TrimEnd();
            }
            ValueLines = null;
        }
    }
}
