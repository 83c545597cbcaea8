using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>
/// Ends the process at once with _exit(2): no finalizers, no ProcessExit handlers, no waiting for
/// other threads. For a last resort only, when a clean exit has had its chance.
/// </summary>
public static class ImmediateExit
{
    public static void Now(int status) => Libc.Exit(status);
}
