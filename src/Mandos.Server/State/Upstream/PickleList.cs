namespace Mandos.Server.State.Upstream;

/// <summary>A Python list read from a pickle.</summary>
public sealed class PickleList
{
    private readonly List<object?> _items = [];

    public IReadOnlyList<object?> Items => _items;

    /// <summary>How deeply containers nested inside this one when they were added (0: none).</summary>
    public int Depth { get; private set; }

    internal void Add(object? item, int itemDepth)
    {
        _items.Add(item);
        Depth = Math.Max(Depth, itemDepth);
    }
}
