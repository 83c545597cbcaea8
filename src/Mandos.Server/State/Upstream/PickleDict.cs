namespace Mandos.Server.State.Upstream;

/// <summary>
/// A Python dict read from a pickle. Keys are strings: upstream's keys are <c>str</c>, and a
/// <c>bytes</c> key (as Python 2 wrote them) is taken as UTF-8, as upstream's own restore does.
/// </summary>
public sealed class PickleDict
{
    private readonly Dictionary<string, object?> _items = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, object?> Items => _items;

    /// <summary>How deeply containers nested inside this one when they were added (0: none).</summary>
    public int Depth { get; private set; }

    internal void Set(string key, object? value, int valueDepth)
    {
        _items[key] = value; // as in Python, a later value for the same key replaces the earlier
        Depth = Math.Max(Depth, valueDepth);
    }
}
