namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// Where each generator's Mandos hook puts things in the image. initramfs-tools
/// (boot/initramfs-tools/hooks/mandos): the client in lib/mandos/, the keys and plugin-runner.conf
/// in conf/conf.d/mandos/, the boot scripts in scripts/. dracut (boot/dracut/90mandos/module-setup.sh):
/// the client in lib/mandos/, the keys in etc/mandos/keys/; with systemd in the image, password-agent
/// and the ask-password-mandos units and generator, without it plugin-runner, its configuration in
/// etc/mandos/ and a cmdline hook.
/// </summary>
internal sealed record InitramfsLayout(
    InitramfsGenerator Generator,
    string KeyDirectory,
    string? PluginRunnerConf,
    string Crypttab,
    IReadOnlyList<RequiredFile> Client,
    IReadOnlyList<RequiredFile> BootScripts)
{
    /// <summary>The four files mandos-keygen writes, which the client needs.</summary>
    public static readonly IReadOnlyList<string> KeyFiles = ["seckey.txt", "pubkey.txt", "tls-privkey.pem", "tls-pubkey.pem"];

    public const string InitramfsToolsKeys = "conf/conf.d/mandos";
    public const string InitramfsToolsRunnerConf = "conf/conf.d/mandos/plugin-runner.conf";
    public const string InitramfsToolsCrypttab = "cryptroot/crypttab";
    public const string InitramfsToolsConf = "conf/initramfs.conf";
    public const string InitramfsToolsConfD = "conf/conf.d/";
    public const string DracutKeys = "etc/mandos/keys";
    public const string DracutRunnerConf = "etc/mandos/plugin-runner.conf";
    public const string DracutCrypttab = "etc/crypttab";

    /// <summary>The program that hands plugin-runner's passwords to cryptsetup's cryptroot-unlock, needed when the image has cryptroot-unlock.</summary>
    public const string ToCryptrootUnlock = "lib/mandos/mandos-to-cryptroot-unlock";

    public static InitramfsLayout InitramfsTools { get; } = new(
        InitramfsGenerator.InitramfsTools, InitramfsToolsKeys, InitramfsToolsRunnerConf, InitramfsToolsCrypttab,
        [new(true, "lib/mandos/plugin-runner"), new(true, "lib/mandos/plugins.d/mandos-client")],
        [new(true, "scripts/init-premount/mandos"), new(true, "scripts/local-premount/mandos")]);

    public static InitramfsLayout DracutSystemd { get; } = new(
        InitramfsGenerator.Dracut, DracutKeys, null, DracutCrypttab,
        [new(true, "lib/mandos/password-agent"), new(true, "lib/mandos/mandos-client")],
        [
            new(false, "usr/lib/systemd/system/ask-password-mandos.path", "lib/systemd/system/ask-password-mandos.path"),
            new(false, "usr/lib/systemd/system/ask-password-mandos.service", "lib/systemd/system/ask-password-mandos.service"),
            new(true, "usr/lib/systemd/system-generators/mandos-generator", "lib/systemd/system-generators/mandos-generator"),
        ]);

    public static InitramfsLayout DracutScripts { get; } = new(
        InitramfsGenerator.Dracut, DracutKeys, DracutRunnerConf, DracutCrypttab,
        [new(true, "lib/mandos/plugin-runner"), new(true, "lib/mandos/plugins.d/mandos-client")],
        [new(false, "usr/lib/dracut/hooks/cmdline/20-cmdline-mandos.sh", "lib/dracut/hooks/cmdline/20-cmdline-mandos.sh", "var/lib/dracut/hooks/cmdline/20-cmdline-mandos.sh")]);

    /// <summary>Whether the reader keeps a file's contents: the keys, plugin-runner.conf, crypttab, and what sets DEVICE.</summary>
    public static bool IsKept(string path)
    {
        if (path is InitramfsToolsRunnerConf or InitramfsToolsCrypttab or InitramfsToolsConf or DracutRunnerConf or DracutCrypttab)
        {
            return true;
        }
        int slash = path.LastIndexOf('/');
        if (slash < 0)
        {
            return false;
        }
        string directory = path[..slash];
        string name = path[(slash + 1)..];
        return ((directory is InitramfsToolsKeys or DracutKeys) && KeyFiles.Contains(name))
            || (path.StartsWith(InitramfsToolsConfD, StringComparison.Ordinal) && path.IndexOf('/', InitramfsToolsConfD.Length) < 0);
    }

    /// <summary>Which generator made the image and, for dracut, whether with systemd; null when neither.</summary>
    public static InitramfsLayout? Of(InitramfsImage image)
    {
        if (image.Exists("scripts/functions") || image.Exists(InitramfsToolsConf))
        {
            return InitramfsTools;
        }
        if (image.Find("usr/lib/dracut") is { Kind: InitramfsEntryKind.Directory } || image.Find("lib/dracut") is { Kind: InitramfsEntryKind.Directory })
        {
            return image.Exists("usr/lib/systemd/systemd") || image.Exists("lib/systemd/systemd") ? DracutSystemd : DracutScripts;
        }
        return null;
    }

    public string KeyPath(string name) => KeyDirectory + "/" + name;
}
