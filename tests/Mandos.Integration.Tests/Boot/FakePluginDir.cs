using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Boot;

/// <summary>A plugin directory of small shell-script plugins, readable by the unprivileged user plugin-runner drops to.</summary>
public sealed class FakePluginDir(TempDir dir, string name = "plugins.d")
{
    public string Path { get; } = dir.Sub(name);

    public string Add(string plugin, string script)
    {
        string file = System.IO.Path.Combine(Path, plugin);
        File.WriteAllText(file, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        return file;
    }

    /// <summary>Prints its arguments, chosen variables and ids on stderr, then the password.</summary>
    public void AddTalkative(string plugin, string password) =>
        Add(plugin, $"echo \"{plugin} args:$(printf ' [%s]' \"$@\")\" >&2\n" +
                    $"echo \"{plugin} env: FOO=$FOO BAR=$BAR HELPER=$MANDOSPLUGINHELPERDIR SRC=$CRYPTTAB_SOURCE\" >&2\n" +
                    $"echo \"{plugin} ids: $(id -u):$(id -g)\" >&2\nprintf '%s' '{password}'");
}
