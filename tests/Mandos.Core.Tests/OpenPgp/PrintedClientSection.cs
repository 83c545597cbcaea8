using Xunit;

namespace Mandos.Core.Tests.OpenPgp;

/// <summary>The clients.conf section password mode prints, read back.</summary>
internal sealed class PrintedClientSection
{
    private PrintedClientSection(string name, Dictionary<string, string> values, List<string> secretLines)
    {
        Name = name;
        Values = values;
        SecretLines = secretLines;
    }

    public string Name { get; }

    public Dictionary<string, string> Values { get; }

    /// <summary>The secret's continuation lines as printed, indentation included.</summary>
    public List<string> SecretLines { get; }

    public byte[] Secret => Convert.FromBase64String(string.Concat(SecretLines.Select(l => l.Trim())));

    public static PrintedClientSection Parse(string text)
    {
        string[] lines = text.Split('\n');
        Assert.Equal("", lines[^1]); // ends with a newline
        Assert.Matches(@"^\[.+\]$", lines[0]);
        var values = new Dictionary<string, string>();
        var secret = new List<string>();
        bool inSecret = false;
        foreach (string line in lines.Skip(1).SkipLast(1))
        {
            if (inSecret && line.StartsWith(' '))
            {
                secret.Add(line);
                continue;
            }
            inSecret = false;
            if (line.StartsWith('#'))
            {
                continue;
            }
            int eq = line.IndexOf(" = ", StringComparison.Ordinal);
            string key = eq < 0 ? line.TrimEnd(' ', '=') : line[..eq];
            values.Add(key, eq < 0 ? "" : line[(eq + 3)..]);
            inSecret = key == "secret";
        }
        return new PrintedClientSection(lines[0][1..^1], values, secret);
    }
}
