namespace Mandos.Server.Config;

/// <summary>
/// Reads <c>mandos.conf</c>. Only <c>[DEFAULT]</c> counts; other sections are parsed (so
/// syntax errors anywhere are reported) and ignored. Like upstream, text settings are taken
/// raw, so a "%" in <c>priority</c> is literal, while booleans and numbers are interpolated.
/// </summary>
public static class ServerSettingsReader
{
    private const string Section = IniDocument.DefaultSection;

    private static readonly Dictionary<string, string> BuiltInDefaults = new()
    {
        ["interface"] = "",
        ["address"] = "",
        ["port"] = "",
        ["debug"] = "False",
        ["priority"] = ServerSettings.DefaultPriority,
        ["servicename"] = "Mandos",
        ["use_dbus"] = "True",
        ["use_ipv6"] = "True",
        ["debuglevel"] = "",
        ["restore"] = "True",
        ["socket"] = "",
        ["statedir"] = "/var/lib/mandos",
        ["foreground"] = "False",
        ["zeroconf"] = "True",
        ["max_connections"] = "4096",
        ["max_connections_per_host"] = "256",
        ["connection_timeout"] = "30s",
    };

    /// <summary>Reads the file; a missing file silently gives the defaults.</summary>
    /// <exception cref="ConfigException">Unreadable file, syntax error or bad value.</exception>
    public static ServerSettings Read(string path)
    {
        var document = IniDocument.LoadIfExists(path, BuiltInDefaults);
        return document is null ? new ServerSettings() : FromDocument(document);
    }

    /// <summary>Parses file content; <paramref name="fileName"/> is used in error messages.</summary>
    public static ServerSettings Parse(string text, string fileName) =>
        FromDocument(IniDocument.Parse(text, fileName, BuiltInDefaults));

    private static ServerSettings FromDocument(IniDocument document) => new()
    {
        Interface = Raw(document, "interface"),
        Address = Raw(document, "address"),
        Port = OptionalInt32(document, "port", 0, 65535),
        Debug = document.GetBoolean(Section, "debug"),
        Priority = Raw(document, "priority"),
        ServiceName = Raw(document, "servicename"),
        UseDbus = document.GetBoolean(Section, "use_dbus"),
        UseIpv6 = document.GetBoolean(Section, "use_ipv6"),
        DebugLevel = Raw(document, "debuglevel"),
        Restore = document.GetBoolean(Section, "restore"),
        StateDirectory = Raw(document, "statedir"),
        Foreground = document.GetBoolean(Section, "foreground"),
        Socket = OptionalInt32(document, "socket", 0, int.MaxValue),
        Zeroconf = document.GetBoolean(Section, "zeroconf"),
        MaxConnections = RequiredInt32(document, "max_connections", 1, ServerSettings.ConnectionsCeiling),
        MaxConnectionsPerHost = RequiredInt32(document, "max_connections_per_host", 1, ServerSettings.ConnectionsCeiling),
        ConnectionTimeout = Timeout(document, "connection_timeout"),
    };

    private static string Raw(IniDocument document, string key) => document.GetRaw(Section, key) ?? "";

    private static int RequiredInt32(IniDocument document, string key, int minimum, int maximum)
    {
        int value = document.GetInt32(Section, key);
        return value >= minimum && value <= maximum ? value
            : throw ConfigException.ForKey(document.FileName, Section, key,
                $"{value} is out of range ({minimum} to {maximum})");
    }

    private static TimeSpan Timeout(IniDocument document, string key)
    {
        TimeSpan value = document.GetDuration(Section, key);
        return value > TimeSpan.Zero && value <= ServerSettings.ConnectionTimeoutCeiling ? value
            : throw ConfigException.ForKey(document.FileName, Section, key,
                $"\"{Raw(document, key)}\" must be more than zero and at most one day");
    }

    // Empty means "not set"; anything else must be a number in range.
    private static int? OptionalInt32(IniDocument document, string key, int minimum, int maximum)
    {
        if (Raw(document, key).Length == 0)
        {
            return null;
        }
        int value = document.GetInt32(Section, key);
        return value >= minimum && value <= maximum ? value
            : throw ConfigException.ForKey(document.FileName, Section, key,
                $"{value} is out of range ({minimum} to {maximum})");
    }
}
