namespace Mandos.Server.Config;

/// <summary>
/// A configuration file is unusable or holds a bad value. The message is one line that names
/// the file, then the line (syntax errors) or the section and key (value errors), then the
/// problem. Messages never contain secret values.
/// </summary>
public sealed class ConfigException(string message) : Exception(message)
{
    /// <summary>A syntax error: <c>FILE:LINE: PROBLEM</c>.</summary>
    internal static ConfigException AtLine(string fileName, int line, string problem) =>
        new($"{fileName}:{line}: {problem}");

    /// <summary>A bad value: <c>FILE: [SECTION] KEY: PROBLEM</c>.</summary>
    internal static ConfigException ForKey(string fileName, string section, string key, string problem) =>
        new($"{fileName}: [{section}] {key}: {problem}");

    /// <summary>A problem with a section as a whole: <c>FILE: [SECTION]: PROBLEM</c>.</summary>
    internal static ConfigException ForSection(string fileName, string section, string problem) =>
        new($"{fileName}: [{section}]: {problem}");

    /// <summary>A problem with the file as a whole: <c>FILE: PROBLEM</c>.</summary>
    internal static ConfigException ForFile(string fileName, string problem) =>
        new($"{fileName}: {problem}");
}
