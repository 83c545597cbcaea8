using System.Text;

namespace Mandos.Keygen;

/// <summary>Writers straight over file descriptors 1 and 2 (see <see cref="FileDescriptorStream"/>).</summary>
internal static class StandardStreams
{
    public static TextWriter Output { get; } = Open(1);

    public static TextWriter Error { get; } = Open(2);

    private static StreamWriter Open(int fd) =>
        new(new FileDescriptorStream(fd), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false))
        {
            AutoFlush = true,
            NewLine = "\n",
        };
}
