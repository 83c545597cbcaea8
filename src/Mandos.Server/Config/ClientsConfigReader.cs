using Mandos.Core.Config;
using Mandos.Core.Errors;

namespace Mandos.Server.Config;

/// <summary>
/// Reads <c>clients.conf</c>: each section except <c>[DEFAULT]</c> is one client. Unlike
/// upstream, which crashes on most bad values, a bad section is skipped with a warning and
/// the other clients still load; only a syntax error in the file as a whole is fatal.
/// </summary>
public static class ClientsConfigReader
{
    // Upstream's built-in [DEFAULT]. "%%(host)s" survives start-time interpolation as
    // "%(host)s" and is expanded each time the checker runs.
    private static readonly Dictionary<string, string> BuiltInDefaults = new()
    {
        ["timeout"] = "PT5M",
        ["extended_timeout"] = "PT15M",
        ["interval"] = "PT2M",
        ["checker"] = "fping -q -- %%(host)s",
        ["host"] = "",
        ["approval_delay"] = "PT0S",
        ["approval_duration"] = "PT1S",
        ["approved_by_default"] = "True",
        ["enabled"] = "True",
    };

    /// <summary>Reads the file; a missing file gives no clients and a "No clients defined" warning.</summary>
    /// <exception cref="ConfigException">The file is unreadable, or has a syntax error or duplicate.</exception>
    public static ClientsConfig Read(string path) => Interpret(path, ReadDocument(path));

    /// <summary>
    /// First half of <see cref="Read"/>: reads and parses the file (null when missing) without
    /// touching any <c>secfile</c>. The server reads clients.conf as root and interprets it, secfiles
    /// included, only after dropping privileges, as upstream.
    /// </summary>
    /// <exception cref="ConfigException">The file is unreadable, or has a syntax error or duplicate.</exception>
    public static IniDocument? ReadDocument(string path) => IniDocument.LoadIfExists(path, BuiltInDefaults);

    /// <summary>Second half of <see cref="Read"/>: the clients of a document from <see cref="ReadDocument"/>.</summary>
    public static ClientsConfig Interpret(string path, IniDocument? document) =>
        document is null
            ? new ClientsConfig([], [$"{path}: No clients defined (the file does not exist)"])
            : FromDocument(document);

    /// <summary>Parses file content; <paramref name="fileName"/> is used in messages.</summary>
    /// <exception cref="ConfigException">A syntax error or duplicate.</exception>
    public static ClientsConfig Parse(string text, string fileName) =>
        FromDocument(IniDocument.Parse(text, fileName, BuiltInDefaults));

    private static ClientsConfig FromDocument(IniDocument document)
    {
        var clients = new List<ClientSection>();
        var warnings = new List<string>();
        foreach (string name in document.Sections)
        {
            try
            {
                var client = ReadClient(document, name);
                clients.Add(client);
                WarnIfForbidden(document, client, warnings);
            }
            catch (ConfigException e)
            {
                warnings.Add($"{ErrorText.Of(e)}; client skipped");
            }
        }
        if (clients.Count == 0)
        {
            warnings.Add($"{document.FileName}: No clients defined");
        }
        return new ClientsConfig(clients, warnings);
    }

    private static ClientSection ReadClient(IniDocument document, string name)
    {
        var all = document.GetAll(name);
        string keyId = KeyIdNormaliser.Normalise(all.GetValueOrDefault("key_id", ""));
        string fingerprint = KeyIdNormaliser.Normalise(all.GetValueOrDefault("fingerprint", ""));
        if (keyId.Length == 0 && fingerprint.Length == 0)
        {
            throw ConfigException.ForSection(document.FileName, name, "has neither key_id nor fingerprint");
        }
        byte[] secret = ReadSecret(document, name, all); // before the other values, so its problem is the one reported
        return new ClientSection
        {
            Name = name,
            Settings = new ClientSettings
            {
                KeyId = keyId,
                Fingerprint = fingerprint,
                Host = all["host"],
                Timeout = document.GetDuration(name, "timeout"),
                ExtendedTimeout = document.GetDuration(name, "extended_timeout"),
                Interval = document.GetDuration(name, "interval"),
                ApprovalDelay = document.GetDuration(name, "approval_delay"),
                ApprovalDuration = document.GetDuration(name, "approval_duration"),
                ApprovedByDefault = document.GetBoolean(name, "approved_by_default"),
                Enabled = document.GetBoolean(name, "enabled"),
                Checker = all["checker"],
            },
            Secret = secret,
            Options = new OrderedDictionary<string, string>(all.Where(option => option.Key != "secret")),
        };
    }

    // "secret" wins over "secfile" when both are set, as upstream.
    private static byte[] ReadSecret(IniDocument document, string name, IReadOnlyDictionary<string, string> all)
    {
        if (all.TryGetValue("secret", out string? secret))
        {
            try
            {
                return LenientBase64.Decode(secret);
            }
            catch (FormatException e) // LenientBase64's own sentence
            {
                throw ConfigException.ForKey(document.FileName, name, "secret", e.Message);
            }
        }
        if (all.TryGetValue("secfile", out string? secfile))
        {
            return ReadSecretFile(document.FileName, name, PathExpansion.Expand(secfile));
        }
        throw ConfigException.ForSection(document.FileName, name, "has neither secret nor secfile");
    }

    // Read raw; a relative path is relative to the current directory, as upstream.
    private static byte[] ReadSecretFile(string fileName, string name, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ConfigException.ForKey(fileName, name, "secfile", $"cannot read \"{path}\": no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw ConfigException.ForKey(fileName, name, "secfile", $"cannot read \"{path}\": permission denied");
        }
        catch (IOException e)
        {
            throw ConfigException.ForKey(fileName, name, "secfile", $"cannot read \"{path}\": {ErrorText.Of(e, path)}");
        }
    }

    private static void WarnIfForbidden(IniDocument document, ClientSection client, List<string> warnings)
    {
        if (client.Settings.HasForbiddenKeyId())
        {
            warnings.Add($"{document.FileName}: [{client.Name}] key_id: is the SHA-256 of empty input, "
                + "which buggy 1.8.0 clients sent; it will never match any client");
        }
    }
}
