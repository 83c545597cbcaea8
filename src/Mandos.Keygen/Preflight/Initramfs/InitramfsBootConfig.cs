namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// What the next boot takes from its initramfs besides programs and keys, as text: the options
/// plugin-runner reads (initramfs-tools: conf/conf.d/mandos/plugin-runner.conf; dracut without
/// systemd: etc/mandos/plugin-runner.conf), the network interface initramfs-tools' DEVICE names
/// (conf/initramfs.conf and conf/conf.d/, the last assignment winning, as the boot sources them),
/// and the crypttab (cryptroot/crypttab, or dracut's etc/crypttab). Each is null when the image
/// has none (DEVICE also when it is empty).
/// </summary>
public sealed record InitramfsBootConfig(
    string ImagePath,
    InitramfsGenerator Generator,
    string? PluginRunnerConf,
    string? Device,
    string? Crypttab);
