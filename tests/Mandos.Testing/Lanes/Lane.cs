namespace Mandos.Testing;

/// <summary>
/// What a test needs from the machine it runs on; `dotnet test --filter Lane=Unit` picks the
/// lane that needs nothing but the test assembly.
/// </summary>
public enum Lane
{
    /// <summary>No root, no network, no process but the test assembly itself.</summary>
    Unit,

    /// <summary>Real processes (our programs from build/bin, gpg, a private dbus-daemon) and loopback network; no root.</summary>
    Loopback,

    /// <summary>Root: network namespaces, privilege changes, chown, servers that drop to _mandos.</summary>
    Namespace,

    /// <summary>QEMU boots of an initramfs.</summary>
    Vm,

    /// <summary>Our built .debs, Debian chroots and Debian's real packages.</summary>
    Packaging,
}
