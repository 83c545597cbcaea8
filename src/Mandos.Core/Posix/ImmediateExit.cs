using System.Runtime.InteropServices;

namespace Mandos.Core.Posix;

/// <summary>
/// Ends the process at once with _exit(2): no finalizers, no ProcessExit handlers, no waiting for
/// other threads. For a last resort only, when a clean exit has had its chance.
/// </summary>
public static partial class ImmediateExit
{
    public static void Now(int status) => _exit(status);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void _exit(int status);
}
