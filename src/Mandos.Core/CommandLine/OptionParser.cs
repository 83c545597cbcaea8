namespace Mandos.Core.CommandLine;

/// <summary>
/// GNU-style command-line parsing as upstream's programs accept it (getopt_long, argp, argparse):
/// <c>--name=value</c>, <c>--name value</c>, unambiguous prefixes of long names, <c>-x value</c>,
/// <c>-xvalue</c>, bundled flags <c>-fS</c>, and <c>--</c> ending the options.
/// </summary>
public static class OptionParser
{
    public static ParsedOptions Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> specs)
    {
        var result = new ParsedOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++)
                {
                    result.AddPositional(args[i]);
                }
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ParseLong(args, i, specs, result);
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                i = ParseShort(args, i, specs, result);
            }
            else
            {
                result.AddPositional(arg);
            }
        }
        return result;
    }

    private static int ParseLong(IReadOnlyList<string> args, int i, IReadOnlyList<OptionSpec> specs, ParsedOptions result)
    {
        string body = args[i][2..];
        int eq = body.IndexOf('=');
        string name = eq >= 0 ? body[..eq] : body;
        OptionSpec spec = FindLong(name, specs);
        if (eq >= 0)
        {
            if (!spec.TakesValue)
            {
                throw new UsageException($"option '--{spec.Long}' doesn't allow an argument");
            }
            result.Add(spec.Long, body[(eq + 1)..]);
            return i;
        }
        if (!spec.TakesValue || spec.OptionalValue)
        {
            result.Add(spec.Long, null);
            return i;
        }
        if (i + 1 >= args.Count)
        {
            throw new UsageException($"option '--{spec.Long}' requires an argument");
        }
        result.Add(spec.Long, args[i + 1]);
        return i + 1;
    }

    private static int ParseShort(IReadOnlyList<string> args, int i, IReadOnlyList<OptionSpec> specs, ParsedOptions result)
    {
        string arg = args[i];
        for (int j = 1; j < arg.Length; j++)
        {
            char c = arg[j];
            OptionSpec spec = specs.FirstOrDefault(s => s.Short == c)
                ?? throw new UsageException($"invalid option -- '{c}'");
            if (!spec.TakesValue)
            {
                result.Add(spec.Long, null);
                continue;
            }
            if (j + 1 < arg.Length)
            {
                result.Add(spec.Long, arg[(j + 1)..]);
                return i;
            }
            if (spec.OptionalValue)
            {
                result.Add(spec.Long, null);
                return i;
            }
            if (i + 1 >= args.Count)
            {
                throw new UsageException($"option requires an argument -- '{c}'");
            }
            result.Add(spec.Long, args[i + 1]);
            return i + 1;
        }
        return i;
    }

    private static OptionSpec FindLong(string name, IReadOnlyList<OptionSpec> specs)
    {
        OptionSpec? exact = specs.FirstOrDefault(s => s.Long == name);
        if (exact is not null)
        {
            return exact;
        }
        var matches = specs.Where(s => s.Long.StartsWith(name, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UsageException($"unrecognized option '--{name}'"),
            _ => throw new UsageException(
                $"option '--{name}' is ambiguous; possibilities: {string.Join(" ", matches.Select(m => "--" + m.Long))}"),
        };
    }
}
