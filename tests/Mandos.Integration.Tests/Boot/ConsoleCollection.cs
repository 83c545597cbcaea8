namespace Mandos.Integration.Tests.Boot;

/// <summary>
/// Tests that run password-prompt, and the one that runs a real plymouthd, one after the other:
/// password-prompt steps aside (exit 1) while any process named plymouthd runs, and the chroot's
/// plymouthd, though in its own PID namespace, is in the host's /proc too.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "console: password-prompt and plymouthd";
}
