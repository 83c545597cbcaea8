using System.Diagnostics;
using System.IO.Compression;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

/// <summary>Image files as the generators write them: early uncompressed archives, then the main archive compressed.</summary>
internal static class TestImage
{
    /// <summary>The early microcode archive Debian's images start with.</summary>
    public static byte[] EarlyMicrocode() => new CpioWriter()
        .Directory("kernel").Directory("kernel/x86").Directory("kernel/x86/microcode")
        .File("kernel/x86/microcode/GenuineIntel.bin", new byte[1000])
        .Trailer().Zeros(512).ToArray();

    public static void Write(string path, byte[] early, byte[] main, string compression)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.Write(early);
        file.Write(Compress(main, compression));
    }

    /// <summary>gzip in-process; zstd, xz and the others by their programs (Loopback lane).</summary>
    public static byte[] Compress(byte[] data, string compression)
    {
        switch (compression)
        {
            case "none":
                return data;
            case "gzip":
                var output = new MemoryStream();
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(data);
                }
                return output.ToArray();
            default:
                string[] command = compression switch
                {
                    "zstd" => ["/usr/bin/zstd", "-q", "-c"],
                    "xz" => ["/usr/bin/xz", "--check=crc32", "-c"],
                    "lz4" => ["/usr/bin/lz4", "-l", "-c"],
                    _ => throw new ArgumentException(compression),
                };
                return RunFilter(command, data);
        }
    }

    private static byte[] RunFilter(string[] command, byte[] input)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (string argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task writer = Task.Run(() =>
        {
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
        });
        var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        writer.Wait();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }
}
