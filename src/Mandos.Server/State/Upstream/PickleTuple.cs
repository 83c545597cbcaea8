namespace Mandos.Server.State.Upstream;

/// <summary>A Python tuple read from a pickle.</summary>
public sealed class PickleTuple(object?[] items, int depth)
{
    public IReadOnlyList<object?> Items { get; } = items;

    /// <summary>How deeply containers nest inside this one (0: holds no container).</summary>
    public int Depth { get; } = depth;
}
