namespace Mandos.Server.State.Upstream;

/// <summary>
/// Upstream's saved state as ours, for <see cref="StateMerger"/>, and one warning line per
/// client whose run-time secret could not be carried over (it then gets its configured secret).
/// </summary>
public sealed record UpstreamTakeover(StateLoadResult Saved, IReadOnlyList<string> Warnings);
