using System.Diagnostics.CodeAnalysis;

namespace Mandos.Core.CommandLine;

/// <summary>One command-line option: a long name, an optional short letter, whether it takes a value.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "Long and short are getopt_long's names for the two spellings of an option, not .NET types.")]
public sealed record OptionSpec(string Long, char Short = '\0', bool TakesValue = false, bool OptionalValue = false);
