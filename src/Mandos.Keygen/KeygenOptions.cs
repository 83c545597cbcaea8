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
        new("test"),
        new("initramfs", TakesValue: true),
        new("connect", TakesValue: true),
        new("device", TakesValue: true),
        new("timeout", TakesValue: true),
        new("json"),
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

    /// <summary>--test: check whether the next boot would unlock, instead of making keys.</summary>
    public bool Test { get; init; }

    /// <summary>--initramfs: the image to check; null for the running kernel's, empty to skip that check.</summary>
    public string? Initramfs { get; init; }

    /// <summary>--connect ADDRESS:PORT: the server to ask, instead of the one the boot would find.</summary>
    public string? Connect { get; init; }

    /// <summary>--device (repeatable): the LUKS devices to try the passphrase on, instead of crypttab's.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>--timeout: seconds to search for servers and to wait for one server's answer.</summary>
    public double Timeout { get; init; } = DefaultTimeout;

    public const double DefaultTimeout = 30;

    /// <summary>A day: more is no test anyone waits for, and the probe's deadline (about nine times it) stays a timer's.</summary>
    public const double MaxTimeout = 86400;

    /// <summary>--json: the test's result as one JSON object.</summary>
    public bool Json { get; init; }

    public static KeygenOptions Parse(IReadOnlyList<string> args)
    {
        ParsedOptions parsed = OptionParser.Parse(args, Specs);
        string? info = parsed.InOrder.Select(o => o.Key).FirstOrDefault(k => k is "help" or "version");
        if (info is null && parsed.Positionals.Count > 0)
        {
            throw new KeygenException($"Unknown arguments: '{string.Join(' ', parsed.Positionals)}'");
        }
        var defaults = new KeygenOptions();
        double timeout = parsed.GetDouble("timeout") ?? DefaultTimeout;
        if (!(timeout > 0) || timeout > MaxTimeout)
        {
            throw new KeygenException($"--timeout must be a number of seconds above 0 and at most {MaxTimeout}");
        }
        bool test = parsed.Has("test");
        if (test && parsed.Get("dir") is "")
        {
            throw new KeygenException("--dir needs the key directory");
        }
        if (test && parsed.Get("connect") is string connect)
        {
            try
            {
                _ = Mandos.Client.Connection.ServerAddress.Parse(connect);
            }
            catch (UsageException e)
            {
                throw new KeygenException(e.Message);
            }
        }
        string[] testOnly = ["initramfs", "connect", "device", "timeout", "json"];
        if (!test && info is null && testOnly.FirstOrDefault(parsed.Has) is string stray)
        {
            throw new KeygenException($"--{stray} is an option of --test only");
        }
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
            Test = test,
            Initramfs = parsed.Get("initramfs"),
            Connect = parsed.Get("connect"),
            Devices = parsed.GetAll("device"),
            Timeout = timeout,
            Json = parsed.Has("json"),
        };
    }
}
