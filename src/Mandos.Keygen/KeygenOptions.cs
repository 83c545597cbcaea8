using Mandos.Core.CommandLine;

namespace Mandos.Keygen;

/// <summary>mandos-keygen's command line, with upstream's option names and defaults.</summary>
internal sealed record KeygenOptions
{
    private static readonly OptionSpec[] Specs =
    [
        new("version", 'v'),
        new("help", 'h'),
        new("dir", 'd', TakesValue: true),
        new("type", 't', TakesValue: true),
        new("length", 'l', TakesValue: true),
        new("subtype", 's', TakesValue: true),
        new("sublength", 'L', TakesValue: true),
        new("name", 'n', TakesValue: true),
        new("email", 'e', TakesValue: true),
        new("comment", 'c', TakesValue: true),
        new("expire", 'x', TakesValue: true),
        new("tls-keytype", 'T', TakesValue: true),
        new("force", 'f'),
        new("password", 'p'),
        new("passfile", 'F', TakesValue: true),
        new("no-ssh", 'S'),
    ];

    /// <summary>"help" or "version" when one of them came first; the program then does nothing else.</summary>
    public string? InfoRequest { get; init; }

    public string? Directory { get; init; }

    public string KeyType { get; init; } = "RSA";

    public string KeyLength { get; init; } = "4096";

    public string SubkeyType { get; init; } = "RSA";

    public string SubkeyLength { get; init; } = "4096";

    /// <summary>Null means the host's FQDN.</summary>
    public string? Name { get; init; }

    public string Email { get; init; } = "";

    public string Comment { get; init; } = "";

    public string Expire { get; init; } = "0";

    public string TlsKeyType { get; init; } = "ed25519";

    public bool Force { get; init; }

    public bool PasswordMode => InteractivePassword || PassFile is not null;

    public bool InteractivePassword { get; init; }

    public string? PassFile { get; init; }

    public bool NoSsh { get; init; }

    public static KeygenOptions Parse(IReadOnlyList<string> args)
    {
        ParsedOptions parsed = OptionParser.Parse(args, Specs);
        string? info = parsed.InOrder.Select(o => o.Key).FirstOrDefault(k => k is "help" or "version");
        if (info is null && parsed.Positionals.Count > 0)
        {
            throw new KeygenException($"Unknown arguments: '{string.Join(' ', parsed.Positionals)}'");
        }
        var defaults = new KeygenOptions();
        return new KeygenOptions
        {
            InfoRequest = info,
            Directory = parsed.Get("dir"),
            KeyType = parsed.Get("type") ?? defaults.KeyType,
            KeyLength = parsed.Get("length") ?? defaults.KeyLength,
            SubkeyType = parsed.Get("subtype") ?? defaults.SubkeyType,
            SubkeyLength = parsed.Get("sublength") ?? defaults.SubkeyLength,
            Name = parsed.Get("name"),
            Email = parsed.Get("email") ?? "",
            Comment = parsed.Get("comment") ?? "",
            Expire = parsed.Get("expire") ?? defaults.Expire,
            TlsKeyType = parsed.Get("tls-keytype") ?? defaults.TlsKeyType,
            Force = parsed.Has("force"),
            InteractivePassword = parsed.Has("password"),
            PassFile = parsed.Get("passfile"),
            NoSsh = parsed.Has("no-ssh"),
        };
    }
}
