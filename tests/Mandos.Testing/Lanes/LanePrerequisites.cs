using System.Collections.Concurrent;
using Mandos.Testing.Files;

namespace Mandos.Testing;

/// <summary>
/// Whether this machine can run a lane's tests, and if not, why: the reason becomes the skip
/// message, or the failure under CI=true (where a missing prerequisite is a broken runner, not a
/// test to leave out). Every lane but Unit needs the published programs, every lane after Loopback
/// needs root; the first thing missing is told.
/// </summary>
public static class LanePrerequisites
{
    private static readonly ConcurrentDictionary<Lane, string?> Answers = new();

    /// <summary>CI=true: a lane that cannot run fails its tests instead of skipping them.</summary>
    public static bool FailInsteadOfSkip => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Why <paramref name="lane"/> cannot run here, or null when it can.</summary>
    public static string? Missing(Lane lane) => Answers.GetOrAdd(lane, Check);

    private static string? Check(Lane lane) => lane switch
    {
        Lane.Unit => null,
        Lane.Loopback => PublishedProgramMissing(lane),
        Lane.Namespace => PublishedProgramMissing(lane) ?? NotRoot(lane),
        Lane.Vm => PublishedProgramMissing(lane) ?? NotRoot(lane) ?? Tool(lane, "qemu-system-x86_64", orFetchedWith: "apt-get"),
        Lane.Packaging => PublishedProgramMissing(lane) ?? NotRoot(lane) ?? Tool(lane, "dpkg-deb") ?? Tool(lane, "debootstrap") ?? Tool(lane, "lintian"),
        _ => $"unknown lane {lane}",
    };

    private static string? PublishedProgramMissing(Lane lane)
    {
        string? root = Repository.RootOrNull;
        if (root is null)
        {
            return $"{lane} lane: {Repository.NotFound}";
        }
        string bin = Path.Combine(root, "build", "bin");
        // The executables `make build` publishes (programs.list's kind "program").
        string? absent = Repository.ProgramList(root).Where(p => p.Kind == "program").Select(p => p.Name)
            .FirstOrDefault(name => !File.Exists(Path.Combine(bin, name)));
        return absent is null ? null : $"{lane} lane: {Path.Combine(bin, absent)} is missing (run `make build`)";
    }

    private static string? NotRoot(Lane lane) =>
        Environment.IsPrivilegedProcess ? null : $"{lane} lane: needs root (running as {Environment.UserName})";

    // The VM image build installs QEMU and fetches its kernel through apt when they are absent.
    private static string? Tool(Lane lane, string name, string? orFetchedWith = null) =>
        OnPath(name) || (orFetchedWith is not null && OnPath(orFetchedWith))
            ? null
            : $"{lane} lane: {name} is not on PATH (bash tools/install-deps.sh test)";

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
