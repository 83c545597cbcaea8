namespace Mandos.Core.DBus;

/// <summary>
/// The names of upstream's D-Bus API (docs/compatibility.md, "D-Bus API"), shared by the server, mandos-ctl and
/// mandos-monitor. Every member exists twice: under the current names and the deprecated
/// se.bsnet.fukt ones.
/// </summary>
public static class MandosBusNames
{
    /// <summary>The bus name the server owns and the tools talk to.</summary>
    public const string Service = "se.recompile.Mandos";

    /// <summary>The legacy bus name the server also owns.</summary>
    public const string LegacyService = "se.bsnet.fukt.Mandos";

    /// <summary>The server object's interface (on <see cref="ServerPath"/>).</summary>
    public const string ServerInterface = "se.recompile.Mandos";

    public const string LegacyServerInterface = "se.bsnet.fukt.Mandos";

    /// <summary>Each client object's interface (on /clients/NAME).</summary>
    public const string ClientInterface = "se.recompile.Mandos.Client";

    public const string LegacyClientInterface = "se.bsnet.fukt.Mandos.Client";

    public const string ServerPath = "/";

    public const string ClientsPath = "/clients";

    public const string Properties = "org.freedesktop.DBus.Properties";

    public const string ObjectManager = "org.freedesktop.DBus.ObjectManager";

    public const string Introspectable = "org.freedesktop.DBus.Introspectable";

    /// <summary>
    /// A client's object path: its name with '.' and '-' turned into '_' (as upstream); any other
    /// character a D-Bus path cannot hold becomes '_' too, where upstream would fail to export.
    /// </summary>
    public static string ClientPath(string name)
    {
        char[] chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return ClientsPath + "/" + (chars.Length == 0 ? "_" : new string(chars));
    }
}
