namespace Mandos.Core.Posix;

/// <summary>
/// How <see cref="ChildSpawner"/> sets up a child beyond argv and environment. Whatever is
/// chosen, every signal goes back to its default disposition and none is blocked (.NET ignores
/// SIGPIPE, which `a | grep -q` relies on; glibc keeps its two internal signals, which no program
/// uses).
/// </summary>
public sealed record SpawnOptions
{
    /// <summary>The child's stdout is a pipe, returned as <see cref="SpawnedChild.Output"/>.</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>
    /// The child leads a new session and process group (its pid is both ids), detached from any
    /// terminal, so it can be killed as a group.
    /// </summary>
    public bool NewSession { get; init; }

    /// <summary>The child's working directory; null: ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>stdin from /dev/null instead of ours.</summary>
    public bool InputFromDevNull { get; init; }

    /// <summary>
    /// stdin is this descriptor of ours (a file at the offset the child is to start reading
    /// from, which it shares with us); null: ours, or /dev/null with <see cref="InputFromDevNull"/>
    /// (which, like <see cref="InputPipe"/>, wins over this).
    /// </summary>
    public int? InputDescriptor { get; init; }

    /// <summary>
    /// The child's stdin is a pipe whose writing end comes back as <see cref="SpawnedChild.Input"/>
    /// (unbuffered: what is written goes straight to the pipe, no copy stays with us), so a secret
    /// reaches the child neither through argv, nor the environment, nor a file. Closing it is the
    /// child's end of input. Wins over <see cref="InputFromDevNull"/>.
    /// </summary>
    public bool InputPipe { get; init; }

    /// <summary>stdout and stderr to /dev/null instead of ours.</summary>
    public bool OutputToDevNull { get; init; }

    /// <summary>stderr to /dev/null (a decompressor's complaints: the caller says what failed in one sentence of its own).</summary>
    public bool ErrorToDevNull { get; init; }

    /// <summary>stdout goes to our stderr (a network hook's output must never mix with a password on our stdout).</summary>
    public bool OutputToStandardError { get; init; }

    /// <summary>
    /// Descriptors the child gets as 3, 4, … in this order, open across the exec (whatever their
    /// close-on-exec flag is here); with <see cref="CloseOtherDescriptors"/>, the rest are closed.
    /// </summary>
    public IReadOnlyList<int> Descriptors { get; init; } = [];

    /// <summary>Descriptors past 2 and past <see cref="Descriptors"/> are closed in the child, close-on-exec or not.</summary>
    public bool CloseOtherDescriptors { get; init; }

    /// <summary>
    /// The child's effective user and group ids become its real ones before the exec
    /// (POSIX_SPAWN_RESETIDS), so a parent running with real ids of an unprivileged user and
    /// effective ids root starts the program with no root at all: exec copies the effective ids
    /// into the saved ones.
    /// </summary>
    public bool ResetIds { get; init; }
}
