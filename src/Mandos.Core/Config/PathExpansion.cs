using System.Text;
using Mandos.Core.Posix;

namespace Mandos.Core.Config;

/// <summary>
/// Expands a <c>secfile</c> path the way upstream does: Python's <c>os.path.expandvars</c>
/// (<c>$NAME</c> and <c>${NAME}</c>; unknown variables are left as written) and then
/// <c>os.path.expanduser</c> (<c>~</c> and <c>~user</c>; unknown users are left as written).
/// </summary>
public static class PathExpansion
{
    public static string Expand(string path) =>
        Expand(path, Environment.GetEnvironmentVariable, UserDatabase.HomeDirectoryOf);

    public static string Expand(
        string path, Func<string, string?> getVariable, Func<string, string?> homeDirectoryOf) =>
        ExpandUser(ExpandVariables(path, getVariable), getVariable, homeDirectoryOf);

    public static string ExpandVariables(string path, Func<string, string?> getVariable)
    {
        var output = new StringBuilder(path.Length);
        int position = 0;
        while (position < path.Length)
        {
            int length = path[position] == '$' ? ReferenceLength(path, position) : 0;
            string? value = length > 0 ? getVariable(VariableName(path, position, length)) : null;
            // Unknown variables and text that is no reference are copied unchanged.
            output.Append(value ?? path.Substring(position, Math.Max(length, 1)));
            position += Math.Max(length, 1);
        }
        return output.ToString();
    }

    // Length of "$name" (ASCII letters, digits, "_") or "${anything but }}" at "start", or 0.
    private static int ReferenceLength(string path, int start)
    {
        int position = start + 1;
        if (position < path.Length && path[position] == '{')
        {
            int close = path.IndexOf('}', position);
            return close < 0 ? 0 : close - start + 1;
        }
        while (position < path.Length && (char.IsAsciiLetterOrDigit(path[position]) || path[position] == '_'))
        {
            position++;
        }
        return position - start - 1 > 0 ? position - start : 0;
    }

    private static string VariableName(string path, int start, int length) =>
        path[start + 1] == '{' ? path.Substring(start + 2, length - 3) : path.Substring(start + 1, length - 1);

    public static string ExpandUser(
        string path, Func<string, string?> getVariable, Func<string, string?> homeDirectoryOf)
    {
        if (!path.StartsWith('~'))
        {
            return path;
        }
        int slash = path.IndexOf('/', 1);
        int end = slash < 0 ? path.Length : slash;
        string? home = end == 1
            ? getVariable("HOME") ?? NullIfEmpty(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
            : homeDirectoryOf(path[1..end]);
        if (home is null)
        {
            return path;
        }
        string expanded = home.TrimEnd('/') + path[end..];
        return expanded.Length == 0 ? "/" : expanded;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
