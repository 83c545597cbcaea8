namespace Mandos.Server.Listener;

/// <summary>
/// One source's open connections in a <see cref="ConnectionTable"/>: how many, and those still in
/// an early phase, oldest first. Lives only while the source has a connection open.
/// </summary>
internal sealed class SourceTally(ConnectionSource source, TimeSpan warningInterval)
{
    public ConnectionSource Source { get; } = source;

    public int Open { get; set; }

    /// <summary>Connections not yet identified, in the order they were opened.</summary>
    public LinkedList<OpenConnection> Early { get; } = new();

    /// <summary>This source's node in the table's list of sources with <c>Early.Count</c> early connections.</summary>
    public LinkedListNode<SourceTally>? RankNode { get; set; }

    public WarningThrottle Warnings { get; } = new(warningInterval);
}
