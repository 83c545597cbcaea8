using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.DBus;

/// <summary>A mandos-ctl to run against a private bus: ours (build/bin) or Debian's (/usr/sbin).</summary>
public sealed class CtlProgram
{
    private CtlProgram(string name, Func<string> path)
    {
        Name = name;
        Path = path;
    }

    public string Name { get; }

    private Func<string> Path { get; }

    public static CtlProgram Ours { get; } = new("ours", () => RepoPaths.Program("mandos-ctl"));

    public static CtlProgram Debians { get; } = new("debian", () =>
    {
        DebianPackages.Require();
        return "/usr/sbin/mandos-ctl";
    });

    public static CtlProgram Named(string name) => name == Ours.Name ? Ours : Debians;

    /// <summary>The other ctl: the one that observes what this one did.</summary>
    public CtlProgram Other => this == Ours ? Debians : Ours;

    public Task<ProcessRunner.Result> RunAsync(string busAddress, params string[] args) =>
        ProcessRunner.RunAsync(Path(), args, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress, ["LC_ALL"] = "C.UTF-8" });

    public override string ToString() => Name;
}
