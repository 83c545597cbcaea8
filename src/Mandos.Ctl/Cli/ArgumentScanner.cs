using System.Text.RegularExpressions;
using Mandos.Core.CommandLine;
using Mandos.Ctl.Output;

namespace Mandos.Ctl.Cli;

/// <summary>
/// Splits a command line the way Python's argparse does for upstream's mandos-ctl, so that the
/// same command lines are accepted, refused, and refused with the same message: unambiguous
/// prefixes of long options, <c>--opt=value</c>, <c>-tVALUE</c>, bundled flags (<c>-eb</c>), client
/// names taken from the first run of positional arguments only, negative numbers and arguments
/// with spaces as values, unknown arguments collected and reported after everything else.
/// </summary>
internal sealed partial class ArgumentScanner(IReadOnlyList<CtlOption> options)
{
    private readonly List<string> _extras = [];
    private readonly List<string> _positionals = [];

    /// <summary>The client names.</summary>
    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>Calls <paramref name="take"/> for every option in command-line order, with its value.</summary>
    /// <exception cref="UsageException">argparse would refuse the command line; the message is argparse's.</exception>
    public void Scan(IReadOnlyList<string> args, Action<CtlOption, string?> take)
    {
        var kinds = Classify(args);
        bool positionalsTaken = false;
        int i = 0;
        while (i < args.Count)
        {
            if (kinds[i] is not ArgKind.Option)
            {
                int end = i;
                while (end < args.Count && kinds[end] is not ArgKind.Option)
                {
                    end++;
                }
                var run = Enumerable.Range(i, end - i);
                if (positionalsTaken)
                {
                    _extras.AddRange(run.Select(k => args[k]));
                }
                else
                {
                    // The first '--' only separates; it is not a client name.
                    int separator = run.FirstOrDefault(k => kinds[k] is ArgKind.Separator, -1);
                    _positionals.AddRange(run.Where(k => k != separator).Select(k => args[k]));
                    positionalsTaken = true;
                }
                i = end;
                continue;
            }
            i = ConsumeOption(args, kinds, i, take);
        }
        if (_extras.Count > 0)
        {
            throw new UsageException("unrecognized arguments: " + string.Join(" ", _extras));
        }
    }

    private enum ArgKind { Positional, Option, Separator }

    private ArgKind[] Classify(IReadOnlyList<string> args)
    {
        var kinds = new ArgKind[args.Count];
        bool afterSeparator = false;
        for (int i = 0; i < args.Count; i++)
        {
            if (afterSeparator)
            {
                kinds[i] = ArgKind.Positional;
            }
            else if (args[i] == "--")
            {
                kinds[i] = ArgKind.Separator;
                afterSeparator = true;
            }
            else
            {
                kinds[i] = LooksLikeOption(args[i]) ? ArgKind.Option : ArgKind.Positional;
            }
        }
        return kinds;
    }

    private bool LooksLikeOption(string arg)
    {
        if (!arg.StartsWith('-') || arg.Length == 1)
        {
            return false;
        }
        // An ambiguous prefix is an error here already, before any option takes effect (as in argparse).
        if (Resolve(arg, out _, out _, out _))
        {
            return true;
        }
        // argparse: negative numbers and anything with a space are values, not options.
        return !NegativeNumber().IsMatch(arg) && !arg.Contains(' ');
    }

    private int ConsumeOption(IReadOnlyList<string> args, ArgKind[] kinds, int i, Action<CtlOption, string?> take)
    {
        if (!Resolve(args[i], out var option, out string? explicitValue, out bool isShort))
        {
            _extras.Add(args[i]);
            return i + 1;
        }
        while (true)
        {
            if (explicitValue is null)
            {
                if (!option!.TakesValue)
                {
                    take(option, null);
                    return i + 1;
                }
                if (i + 1 >= args.Count || kinds[i + 1] is not ArgKind.Positional)
                {
                    throw new UsageException($"argument {option.DisplayName}: expected one argument");
                }
                take(option, args[i + 1]);
                return i + 2;
            }
            if (option!.TakesValue)
            {
                take(option, explicitValue);
                return i + 1;
            }
            if (!isShort || explicitValue.Length == 0)
            {
                throw new UsageException($"argument {option.DisplayName}: ignored explicit argument {PythonRepr.Of(explicitValue)}");
            }
            // A bundle of short flags, "-eb": take this one, go on with the next letter.
            take(option, null);
            CtlOption? next = options.FirstOrDefault(o => o.Short == explicitValue[0]);
            if (next is null)
            {
                throw new UsageException($"argument {option.DisplayName}: ignored explicit argument {PythonRepr.Of(explicitValue)}");
            }
            option = next;
            explicitValue = explicitValue.Length > 1 ? explicitValue[1..] : null;
        }
    }

    /// <summary>Finds the option an argument names, as argparse's _parse_optional does.</summary>
    private bool Resolve(string arg, out CtlOption? option, out string? explicitValue, out bool isShort)
    {
        option = Exact(arg);
        explicitValue = null;
        isShort = !arg.StartsWith("--", StringComparison.Ordinal);
        if (option is not null)
        {
            return true;
        }
        int eq = arg.IndexOf('=');
        if (eq >= 0 && Exact(arg[..eq]) is { } withValue)
        {
            option = withValue;
            explicitValue = arg[(eq + 1)..];
            return true;
        }
        var matches = new List<(CtlOption Option, string Name, string? Value)>();
        if (!isShort)
        {
            string prefix = eq >= 0 ? arg[..eq] : arg;
            string? value = eq >= 0 ? arg[(eq + 1)..] : null;
            foreach (var o in options)
            {
                if (("--" + o.Long).StartsWith(prefix, StringComparison.Ordinal))
                {
                    matches.Add((o, "--" + o.Long, value));
                }
            }
        }
        else
        {
            CtlOption? letter = options.FirstOrDefault(o => o.Short == arg[1]);
            if (letter is not null)
            {
                matches.Add((letter, "-" + arg[1], arg[2..]));
            }
        }
        if (matches.Count > 1)
        {
            throw new UsageException($"ambiguous option: {arg} could match {string.Join(", ", matches.Select(m => m.Name))}");
        }
        if (matches.Count == 1)
        {
            option = matches[0].Option;
            explicitValue = matches[0].Value;
            return true;
        }
        return false;
    }

    private CtlOption? Exact(string arg) =>
        options.FirstOrDefault(o => arg == "--" + o.Long || (o.Short != '\0' && arg.Length == 2 && arg[0] == '-' && arg[1] == o.Short));

    [GeneratedRegex(@"^-\d+$|^-\d*\.\d+$")]
    private static partial Regex NegativeNumber();
}
