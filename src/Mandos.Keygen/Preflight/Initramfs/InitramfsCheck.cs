using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// The "initramfs" check of <c>mandos-keygen --test</c>: the image the next boot uses holds our
/// client, the Mandos boot scripts, and the very keys of the key directory (an image made before
/// the keys changed identifies the host with keys the server does not know). Also reads what
/// the boot takes from the image (<see cref="InitramfsBootConfig"/>) for the other checks.
/// </summary>
public static partial class InitramfsCheck
{
    public const string Name = "initramfs";

    /// <summary>
    /// Checks <paramref name="imagePath"/> against the key files of <paramref name="keyDirectory"/>
    /// (file name → contents: seckey.txt, pubkey.txt, tls-privkey.pem, tls-pubkey.pem; the caller's,
    /// not cleared here). A key file absent from the dictionary is not compared.
    /// </summary>
    public static InitramfsCheckOutcome Run(string imagePath, string keyDirectory, IReadOnlyDictionary<string, byte[]> keyFiles)
    {
        InitramfsImage image;
        try
        {
            image = InitramfsImage.Read(imagePath, InitramfsLayout.IsKept);
        }
        catch (InitramfsException e) when (e.Missing)
        {
            return new([CheckResult.Failed(Name, $"{e.Message}: the next boot has no initramfs",
                RebuildCommand.For(InitramfsGenerator.Unknown, imagePath, create: true))], null);
        }
        catch (InitramfsException e) when (e.NotRegularFile)
        {
            return new([CheckResult.Failed(Name, e.Message, "name the initramfs image file with --initramfs IMAGE")], null);
        }
        catch (InitramfsException e)
        {
            return new([CheckResult.Failed(Name, e.Message, RebuildCommand.For(InitramfsGenerator.Unknown, imagePath))], null);
        }
        using (image)
        {
            InitramfsLayout? layout = InitramfsLayout.Of(image);
            if (layout is null)
            {
                return new([CheckResult.Failed(Name, $"{imagePath} was made neither by initramfs-tools nor by dracut, so it has no Mandos boot scripts",
                    RebuildCommand.For(InitramfsGenerator.Unknown, imagePath))], BootConfig(image, null));
            }
            InitramfsBootConfig config = BootConfig(image, layout);
            return new([CheckClient(image, layout), CheckBootScripts(image, layout, config), CheckKeys(image, layout, keyDirectory, keyFiles)], config);
        }
    }

    private static InitramfsBootConfig BootConfig(InitramfsImage image, InitramfsLayout? layout)
    {
        if (layout is null)
        {
            return new(image.Path, InitramfsGenerator.Unknown, null, null, null);
        }
        string? device = null;
        if (layout.Generator == InitramfsGenerator.InitramfsTools)
        {
            // as the boot sources them: initramfs.conf, then conf.d/* in order
            IEnumerable<string> sources = image.Paths
                .Where(p => p.StartsWith(InitramfsLayout.InitramfsToolsConfD, StringComparison.Ordinal) && p.IndexOf('/', InitramfsLayout.InitramfsToolsConfD.Length) < 0)
                .Order(StringComparer.Ordinal)
                .Prepend(InitramfsLayout.InitramfsToolsConf);
            foreach (string source in sources)
            {
                if (image.Text(source) is { } text && ShellAssignment.Last(text, "DEVICE") is { } value)
                {
                    device = value;
                }
            }
        }
        // DEVICE= (initramfs.conf's default) names no interface
        device = string.IsNullOrEmpty(device) ? null : device;
        return new(image.Path, layout.Generator, layout.PluginRunnerConf is null ? null : image.Text(layout.PluginRunnerConf), device, image.Text(layout.Crypttab));
    }

    private static CheckResult CheckClient(InitramfsImage image, InitramfsLayout layout)
    {
        string rebuild = RebuildCommand.For(layout.Generator, image.Path);
        string generator = RebuildCommand.Name(layout.Generator);
        foreach (RequiredFile file in layout.Client)
        {
            string? found = file.FoundIn(image);
            if (found is null)
            {
                return CheckResult.Failed(Name, $"{image.Path} ({generator}) has no Mandos client ({file.Candidates[0]} is missing)",
                    $"is the mandos-client package installed? (apt install mandos-client) then {rebuild}");
            }
            if (!image.IsExecutable(found))
            {
                return CheckResult.Failed(Name, $"{image.Path} holds the Mandos client {found}, but not as an executable file", rebuild);
            }
        }
        return CheckResult.Ok(Name, $"{image.Path} ({generator}) holds the Mandos client ({string.Join(", ", layout.Client.Select(f => f.FoundIn(image)))})");
    }

    private static CheckResult CheckBootScripts(InitramfsImage image, InitramfsLayout layout, InitramfsBootConfig config)
    {
        string rebuild = RebuildCommand.For(layout.Generator, image.Path);
        List<RequiredFile> required = [.. layout.BootScripts];
        // With current cryptsetup, initramfs-tools' init-premount script answers cryptroot-unlock
        // through this program, unless the crypttab made plugin-runner the keyscript itself.
        if (layout.Generator == InitramfsGenerator.InitramfsTools && image.IsExecutable("usr/bin/cryptroot-unlock")
            && !(config.Crypttab is { } crypttab && PluginRunnerKeyscript().IsMatch(crypttab)))
        {
            required.Add(new RequiredFile(true, InitramfsLayout.ToCryptrootUnlock));
        }
        foreach (RequiredFile file in required)
        {
            string? found = file.FoundIn(image);
            if (found is null)
            {
                return CheckResult.Failed(Name, $"{image.Path} lacks the Mandos boot file {file.Candidates[0]}, so the boot would never start the client",
                    $"reinstall the mandos-client package (apt install --reinstall mandos-client), then {rebuild}");
            }
            if (file.Executable && !image.IsExecutable(found))
            {
                return CheckResult.Failed(Name, $"{image.Path} holds the Mandos boot file {found}, but not as an executable file", rebuild);
            }
        }
        return CheckResult.Ok(Name, $"{image.Path} holds the Mandos boot files ({string.Join(", ", required.Select(f => f.FoundIn(image)))})");
    }

    private static CheckResult CheckKeys(InitramfsImage image, InitramfsLayout layout, string keyDirectory, IReadOnlyDictionary<string, byte[]> keyFiles)
    {
        string rebuild = RebuildCommand.For(layout.Generator, image.Path);
        if (InitramfsLayout.KeyFiles.All(name => !image.Exists(layout.KeyPath(name))))
        {
            return CheckResult.Failed(Name, $"{image.Path} holds no Mandos keys ({layout.KeyDirectory}/ has none of {string.Join(", ", InitramfsLayout.KeyFiles)})",
                $"make sure {keyDirectory} holds the keys (mandos-keygen), then {rebuild}");
        }
        List<string> missing = [];
        List<string> different = [];
        foreach (string name in InitramfsLayout.KeyFiles)
        {
            string inImage = layout.KeyPath(name);
            if (!image.Exists(inImage))
            {
                missing.Add(inImage);
            }
            else if (keyFiles.TryGetValue(name, out byte[]? expected)
                && !(image.Contents(inImage) is { } actual && CryptographicOperations.FixedTimeEquals(actual, expected)))
            {
                different.Add(name);
            }
        }
        if (missing.Count > 0)
        {
            return CheckResult.Failed(Name, $"{image.Path} lacks {string.Join(" and ", missing)}, so the client cannot identify itself", rebuild);
        }
        string? hostKeyId = KeyIdentity.TlsKeyId(keyFiles.GetValueOrDefault("tls-pubkey.pem"), Path.Combine(keyDirectory, "tls-pubkey.pem"));
        if (different.Count == 0)
        {
            return CheckResult.Ok(Name, hostKeyId is null
                ? $"{image.Path} holds the keys of {keyDirectory}"
                : $"{image.Path} holds the keys of {keyDirectory} (key_id {hostKeyId})");
        }
        return CheckResult.Failed(Name, DescribeDifference(image, layout, keyDirectory, keyFiles, different, hostKeyId), rebuild);
    }

    // Names what differs by key_id and fingerprint when those differ, else by file.
    private static string DescribeDifference(InitramfsImage image, InitramfsLayout layout, string keyDirectory,
        IReadOnlyDictionary<string, byte[]> keyFiles, List<string> different, string? hostKeyId)
    {
        const string Stale = "the initramfs was not rebuilt after the keys changed";
        List<string> inImage = [];
        List<string> inDirectory = [];
        string? imageKeyId = KeyIdentity.TlsKeyId(image.Contents(layout.KeyPath("tls-pubkey.pem")), image.Path);
        if (hostKeyId is not null && imageKeyId != hostKeyId)
        {
            inImage.Add(imageKeyId is null ? "a TLS public key that is not valid" : $"the TLS key with key_id {imageKeyId}");
            inDirectory.Add($"key_id {hostKeyId}");
        }
        string? hostFingerprint = KeyIdentity.OpenPgpFingerprint(keyFiles.GetValueOrDefault("pubkey.txt"), Path.Combine(keyDirectory, "pubkey.txt"));
        string? imageFingerprint = KeyIdentity.OpenPgpFingerprint(image.Contents(layout.KeyPath("pubkey.txt")), image.Path);
        if (hostFingerprint is not null && imageFingerprint != hostFingerprint)
        {
            inImage.Add(imageFingerprint is null ? "an OpenPGP public key that is not valid" : $"the OpenPGP key with fingerprint {imageFingerprint}");
            inDirectory.Add($"fingerprint {hostFingerprint}");
        }
        if (inImage.Count > 0)
        {
            return $"{image.Path} holds {string.Join(" and ", inImage)} but {keyDirectory} holds {string.Join(" and ", inDirectory)}: {Stale}";
        }
        return $"{image.Path} holds other {string.Join(", ", different)} than {keyDirectory}: {Stale}";
    }

    // keyscript=…/plugin-runner in a crypttab line, as the init-premount script looks for it
    [GeneratedRegex(@"[\s,]keyscript=[^,\s]*/plugin-runner([,\s]|$)", RegexOptions.Multiline)]
    private static partial Regex PluginRunnerKeyscript();
}
