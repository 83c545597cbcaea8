using System.Text;
using Mandos.Core.Keys;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Initramfs;
using Mandos.Testing.Files;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

public sealed class InitramfsCheckTests : IDisposable
{
    private const string KeyDirectory = "/etc/keys/mandos";
    private const string Crypttab = "cryptdata UUID=1234 none luks,initramfs\n";
    private const string RunnerConf = "--options-for=mandos-client:--connect=192.0.2.1:9999\n";

    private readonly TempDir _dir = new();
    private readonly string _image;

    public InitramfsCheckTests()
    {
        _image = _dir.File("initrd.img-6.1.0-13-amd64");
    }

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, byte[]> KeySet(TlsKeyPair tls, string openPgp = "OpenPGP") => new()
    {
        ["seckey.txt"] = Encoding.ASCII.GetBytes($"{openPgp} secret key\n"),
        ["pubkey.txt"] = Encoding.ASCII.GetBytes($"{openPgp} public key\n"),
        ["tls-privkey.pem"] = tls.EncodePrivateKeyPem(),
        ["tls-pubkey.pem"] = tls.EncodePublicKeyPem(),
    };

    /// <summary>What Debian's update-initramfs makes with our hook (usr-merged: lib is a symbolic link).</summary>
    private static CpioWriter InitramfsTools(IReadOnlyDictionary<string, byte[]>? keys, bool client = true)
    {
        CpioWriter w = new CpioWriter()
            .Directory(".").Directory("usr").Directory("usr/lib").Directory("usr/bin").Symlink("lib", "usr/lib")
            .Directory("scripts").File("scripts/functions", "# initramfs-tools\n")
            .Directory("scripts/init-premount").File("scripts/init-premount/mandos", "#!/bin/sh\n", CpioWriter.ProgramMode)
            .Directory("scripts/local-premount").File("scripts/local-premount/mandos", "#!/bin/sh\n", CpioWriter.ProgramMode)
            .File("usr/bin/cryptroot-unlock", "#!/bin/sh\n", CpioWriter.ProgramMode)
            .Directory("cryptroot").File("cryptroot/crypttab", Crypttab)
            .Directory("conf").File("conf/initramfs.conf", "MODULES=most\nDEVICE=\n")
            .Directory("conf/conf.d").File("conf/conf.d/zz-device", "export DEVICE=\"enp1s0\"\n")
            .Directory("conf/conf.d/mandos").File("conf/conf.d/mandos/plugin-runner.conf", RunnerConf, CpioWriter.SecretMode);
        if (client)
        {
            _ = w.Directory("usr/lib/mandos").Directory("usr/lib/mandos/plugins.d")
                .HardLinks(new byte[3000], CpioWriter.ProgramMode, "usr/lib/mandos/plugin-runner",
                    "usr/lib/mandos/plugins.d/mandos-client", "usr/lib/mandos/mandos-to-cryptroot-unlock");
        }
        foreach ((string name, byte[] data) in keys ?? new Dictionary<string, byte[]>())
        {
            _ = w.File("conf/conf.d/mandos/" + name, data, CpioWriter.SecretMode);
        }
        return w.Trailer();
    }

    private InitramfsCheckOutcome Check(CpioWriter main, IReadOnlyDictionary<string, byte[]> keys)
    {
        TestImage.Write(_image, TestImage.EarlyMicrocode(), main.ToArray(), "gzip");
        return InitramfsCheck.Run(_image, KeyDirectory, keys);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void ImageWithClientScriptsAndTheSameKeysPasses()
    {
        TlsKeyPair tls = TlsKeyPair.Generate();
        Dictionary<string, byte[]> keys = KeySet(tls);
        InitramfsCheckOutcome outcome = Check(InitramfsTools(keys), keys);

        Assert.All(outcome.Results, r => Assert.Equal(CheckStatus.Ok, r.Status));
        Assert.All(outcome.Results, r => Assert.Equal("initramfs", r.Check));
        Assert.Equal(3, outcome.Results.Count);
        Assert.Equal($"{_image} holds the keys of {KeyDirectory} (key_id {tls.KeyId})", outcome.Results[2].Message);
        Assert.Equal($"{_image} holds the Mandos boot files (scripts/init-premount/mandos, scripts/local-premount/mandos, lib/mandos/mandos-to-cryptroot-unlock)", outcome.Results[1].Message);
        Assert.Equal(new InitramfsBootConfig(_image, InitramfsGenerator.InitramfsTools, RunnerConf, "enp1s0", Crypttab), outcome.BootConfig);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void ImageWithoutTheClientFails()
    {
        Dictionary<string, byte[]> keys = KeySet(TlsKeyPair.Generate());
        InitramfsCheckOutcome outcome = Check(InitramfsTools(keys, client: false), keys);

        CheckResult client = outcome.Results[0];
        Assert.Equal(CheckStatus.Failed, client.Status);
        Assert.Equal($"{_image} (initramfs-tools) has no Mandos client (lib/mandos/plugin-runner is missing)", client.Message);
        Assert.Equal("is the mandos-client package installed? (apt install mandos-client) then run update-initramfs -u -k 6.1.0-13-amd64", client.Fix);
        Assert.Equal(CheckStatus.Ok, outcome.Results[2].Status);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void ImageWithOtherKeysNamesBothKeyIds()
    {
        TlsKeyPair old = TlsKeyPair.Generate();
        TlsKeyPair current = TlsKeyPair.Generate();
        InitramfsCheckOutcome outcome = Check(InitramfsTools(KeySet(old, "old")), KeySet(current, "new"));

        CheckResult keys = outcome.Results[2];
        Assert.Equal(CheckStatus.Failed, keys.Status);
        Assert.Equal($"{_image} holds the TLS key with key_id {old.KeyId} but {KeyDirectory} holds key_id {current.KeyId}: "
            + "the initramfs was not rebuilt after the keys changed", keys.Message);
        Assert.Equal("run update-initramfs -u -k 6.1.0-13-amd64", keys.Fix);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void ImageWithTheSameTlsKeyButOtherOpenPgpKeysNamesTheFiles()
    {
        TlsKeyPair tls = TlsKeyPair.Generate();
        InitramfsCheckOutcome outcome = Check(InitramfsTools(KeySet(tls, "old")), KeySet(tls, "new"));

        Assert.Equal($"{_image} holds other seckey.txt, pubkey.txt than {KeyDirectory}: the initramfs was not rebuilt after the keys changed",
            outcome.Results[2].Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void ImageWithoutKeysFails()
    {
        InitramfsCheckOutcome outcome = Check(InitramfsTools(null), KeySet(TlsKeyPair.Generate()));

        CheckResult keys = outcome.Results[2];
        Assert.Equal(CheckStatus.Failed, keys.Status);
        Assert.StartsWith($"{_image} holds no Mandos keys (conf/conf.d/mandos/ has none of ", keys.Message);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void DracutImageWithSystemdPasses()
    {
        TlsKeyPair tls = TlsKeyPair.Generate();
        Dictionary<string, byte[]> keys = KeySet(tls);
        CpioWriter w = new CpioWriter()
            .Directory("usr").Directory("usr/lib").Symlink("lib", "usr/lib").Directory("usr/lib/dracut")
            .Directory("usr/lib/systemd").File("usr/lib/systemd/systemd", "ELF", CpioWriter.ProgramMode)
            .Directory("usr/lib/systemd/system").File("usr/lib/systemd/system/ask-password-mandos.path", "[Path]\n")
            .File("usr/lib/systemd/system/ask-password-mandos.service", "[Service]\n")
            .Directory("usr/lib/systemd/system-generators").File("usr/lib/systemd/system-generators/mandos-generator", "#!/bin/sh\n", CpioWriter.ProgramMode)
            .Directory("usr/lib/mandos").HardLinks(new byte[3000], CpioWriter.ProgramMode, "usr/lib/mandos/mandos-client", "usr/lib/mandos/password-agent")
            .Directory("etc").File("etc/crypttab", Crypttab)
            .Directory("etc/mandos").Directory("etc/mandos/keys");
        foreach ((string name, byte[] data) in keys)
        {
            _ = w.File("etc/mandos/keys/" + name, data, CpioWriter.SecretMode);
        }
        _dir.Sub("boot");
        string image = Path.Combine(_dir.Path, "boot", "initramfs-6.8.0.img");
        File.WriteAllBytes(image, w.Trailer().ToArray());

        InitramfsCheckOutcome outcome = InitramfsCheck.Run(image, KeyDirectory, keys);

        Assert.All(outcome.Results, r => Assert.Equal(CheckStatus.Ok, r.Status));
        Assert.Equal($"{image} (dracut) holds the Mandos client (lib/mandos/password-agent, lib/mandos/mandos-client)", outcome.Results[0].Message);
        Assert.Equal(new InitramfsBootConfig(image, InitramfsGenerator.Dracut, null, null, Crypttab), outcome.BootConfig);
        Assert.Equal(image, DefaultInitramfs.For("6.8.0", Path.Combine(_dir.Path, "boot")));
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void DracutImageWithoutSystemdNeedsItsCmdlineHook()
    {
        Dictionary<string, byte[]> keys = KeySet(TlsKeyPair.Generate());
        CpioWriter w = new CpioWriter()
            .Directory("usr").Directory("usr/lib").Symlink("lib", "usr/lib").Directory("usr/lib/dracut")
            .Directory("usr/lib/mandos").Directory("usr/lib/mandos/plugins.d")
            .HardLinks(new byte[3000], CpioWriter.ProgramMode, "usr/lib/mandos/plugin-runner", "usr/lib/mandos/plugins.d/mandos-client")
            .Directory("etc").Directory("etc/mandos").File("etc/mandos/plugin-runner.conf", RunnerConf);
        foreach ((string name, byte[] data) in keys)
        {
            _ = w.File("etc/mandos/keys/" + name, data, CpioWriter.SecretMode);
        }
        File.WriteAllBytes(_image, w.Trailer().ToArray());

        InitramfsCheckOutcome outcome = InitramfsCheck.Run(_image, KeyDirectory, keys);

        Assert.Equal(CheckStatus.Ok, outcome.Results[0].Status);
        Assert.Equal(CheckStatus.Failed, outcome.Results[1].Status);
        Assert.Equal($"{_image} lacks the Mandos boot file usr/lib/dracut/hooks/cmdline/20-cmdline-mandos.sh, so the boot would never start the client",
            outcome.Results[1].Message);
        Assert.Equal($"reinstall the mandos-client package (apt install --reinstall mandos-client), then run dracut --force {_image} 6.1.0-13-amd64",
            outcome.Results[1].Fix);
        Assert.Equal(RunnerConf, outcome.BootConfig?.PluginRunnerConf);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void MissingImageFails()
    {
        InitramfsCheckOutcome outcome = InitramfsCheck.Run(_image, KeyDirectory, new Dictionary<string, byte[]>());

        CheckResult result = Assert.Single(outcome.Results);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"{_image} does not exist: the next boot has no initramfs", result.Message);
        Assert.Null(outcome.BootConfig);
    }

    [Fact]
    [Lane(Lane.Unit)]
    public void GarbledImageFailsWithTheReadersSentence()
    {
        File.WriteAllBytes(_image, "not an initramfs at all"u8.ToArray());

        InitramfsCheckOutcome outcome = InitramfsCheck.Run(_image, KeyDirectory, new Dictionary<string, byte[]>());

        CheckResult result = Assert.Single(outcome.Results);
        Assert.Equal($"{_image} is not a valid initramfs: at byte 0 starts neither a cpio archive nor a compression the kernel knows", result.Message);
        Assert.Null(outcome.BootConfig);
    }
}
