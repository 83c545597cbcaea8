namespace Mandos.Core.CommandLine;

/// <summary>One command-line option: a long name, an optional short letter, whether it takes a value.</summary>
public sealed record OptionSpec(string Long, char Short = '\0', bool TakesValue = false, bool OptionalValue = false);
