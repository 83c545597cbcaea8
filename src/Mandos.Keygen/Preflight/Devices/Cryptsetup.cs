using System.ComponentModel;
using Mandos.Core.Posix;

namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// cryptsetup(8), at a fixed path and with a fixed environment (we run as root), asked whether a
/// device is LUKS and whether a passphrase opens one of its key slots. The passphrase goes to
/// cryptsetup's stdin through a pipe (<c>--key-file=-</c>: exactly these bytes, as Debian's
/// cryptroot gives a keyscript's output), never through argv, the environment or a file; it is
/// written straight from the caller's buffer, so no copy of it is left here. Its output goes to
/// /dev/null: the exit status says what happened (cryptsetup(8), RETURN CODES).
/// </summary>
public sealed class Cryptsetup
{
    /// <summary>Where Debian's cryptsetup-bin puts it (merged /usr) and where older systems have it.</summary>
    public static readonly IReadOnlyList<string> Paths = ["/usr/sbin/cryptsetup", "/sbin/cryptsetup"];

    /// <summary>Success: the device is LUKS, or the passphrase opens a key slot.</summary>
    public const int Success = 0;

    /// <summary>Wrong parameters; from isLuks: not a LUKS device.</summary>
    public const int WrongParameters = 1;

    /// <summary>No permission: no key slot opens with this passphrase.</summary>
    public const int NoKey = 2;

    public const int OutOfMemory = 3;

    /// <summary>Wrong device specified: missing, unreadable, or no such header.</summary>
    public const int DeviceError = 4;

    /// <summary>Device already exists or is busy.</summary>
    public const int Busy = 5;

    // The crypttab options Debian's cryptroot passes to cryptsetup open that decide which key slot
    // a passphrase may open and which bytes of it count (the other options shape the mapping).
    private static readonly (string Option, string Argument)[] KeyOptions =
    [
        ("header", "--header"),
        ("keyslot", "--key-slot"),
        ("key-slot", "--key-slot"),
        ("keyfile-size", "--keyfile-size"),
        ("keyfile-offset", "--keyfile-offset"),
    ];

    public Cryptsetup(string path) => Path = path;

    /// <summary>The program this runs.</summary>
    public string Path { get; }

    /// <summary>The installed cryptsetup, or null when neither of <see cref="Paths"/> exists.</summary>
    public static Cryptsetup? Locate()
    {
        string? path = Paths.FirstOrDefault(File.Exists);
        return path is null ? null : new Cryptsetup(path);
    }

    /// <summary><c>cryptsetup isLuks</c>: <see cref="Success"/> for LUKS, <see cref="WrongParameters"/> for anything else, <see cref="DeviceError"/> when it cannot be read.</summary>
    /// <exception cref="Win32Exception">cryptsetup could not be started</exception>
    public int IsLuks(string device, IReadOnlyList<CrypttabOption> options)
    {
        string? header = options.LastOrDefault(o => o.Name == "header")?.Value;
        List<string> argv = [Path, "isLuks"];
        if (header is not null)
        {
            argv.Add($"--header={header}");
        }
        argv.AddRange(["--", device]);
        SpawnedChild child = ChildSpawner.Spawn(Path, argv, FixedEnvironment.With([]),
            new SpawnOptions { InputFromDevNull = true, OutputToDevNull = true });
        return ChildStatus.Wait(child.Pid);
    }

    /// <summary>
    /// <c>cryptsetup open --test-passphrase</c> with one try and the passphrase on stdin:
    /// <see cref="Success"/> when it opens a key slot, <see cref="NoKey"/> when none.
    /// </summary>
    /// <exception cref="Win32Exception">cryptsetup could not be started</exception>
    public int TestPassphrase(string device, IReadOnlyList<CrypttabOption> options, ReadOnlySpan<byte> passphrase)
    {
        List<string> argv = [Path, "open", "--test-passphrase", "--tries=1", "--type=luks"];
        foreach ((string option, string argument) in KeyOptions)
        {
            string? value = options.LastOrDefault(o => o.Name == option)?.Value;
            if (value is not null)
            {
                argv.Add($"{argument}={value}");
            }
        }
        argv.AddRange(["--key-file=-", "--", device]);
        SpawnedChild child = ChildSpawner.Spawn(Path, argv, FixedEnvironment.With([]),
            new SpawnOptions { InputPipe = true, OutputToDevNull = true });
        using (Stream input = child.Input!)
        {
            try
            {
                // Unbuffered (SpawnOptions.InputPipe): write(2) from the caller's buffer itself.
                input.Write(passphrase);
            }
            catch (IOException)
            {
                // cryptsetup exited without reading all of it (EPIPE); its exit status tells why.
            }
        }
        return ChildStatus.Wait(child.Pid);
    }
}
