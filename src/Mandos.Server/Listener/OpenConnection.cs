namespace Mandos.Server.Listener;

/// <summary>
/// A connection counted in a <see cref="ConnectionTable"/>: its source, its phase, and a token
/// cancelled if the table closes it to make room for a newcomer.
/// </summary>
public sealed class OpenConnection : IDisposable
{
    private readonly ConnectionTable _table;
    private readonly CancellationTokenSource _shed = new();

    internal OpenConnection(ConnectionTable table, ConnectionSource source, long opened)
    {
        _table = table;
        Source = source;
        Opened = opened;
    }

    public ConnectionSource Source { get; }

    /// <summary>When it was admitted, as a timestamp of the table's clock.</summary>
    public long Opened { get; }

    /// <summary>Changed only under the table's lock.</summary>
    public ConnectionPhase Phase { get; internal set; }

    /// <summary>Cancelled when the table chose this connection to close for a newcomer.</summary>
    public CancellationToken Shed => _shed.Token;

    /// <summary>Whether the table has chosen to close it; changed only under the table's lock.</summary>
    public bool WasShed { get; internal set; }

    /// <summary>Set once it left the table (closed or shed); changed only under the table's lock.</summary>
    internal bool Gone { get; set; }

    internal SourceTally? Tally { get; set; }

    internal LinkedListNode<OpenConnection>? EarlyNode { get; set; }

    /// <summary>The version line came; still sheddable.</summary>
    public void BeginHandshake() => _table.Advance(this, ConnectionPhase.Handshaking);

    /// <summary>
    /// The peer is a known client: from now on it is never shed. False if it was shed already
    /// (the caller then stops, its <see cref="Shed"/> token cancelled or about to be).
    /// </summary>
    public bool TryIdentify() => _table.Advance(this, ConnectionPhase.Identified);

    /// <summary>
    /// Whether a warning about this connection (a timeout, say) may be logged now: at most one a
    /// minute per source, so an idle flood timing out does not flood the log.
    /// </summary>
    public bool TryWarn(out int held) => _table.TryWarn(this, out held);

    /// <summary>Cancels <see cref="Shed"/>; called by whoever admitted the newcomer, outside the table's lock.</summary>
    public void Close()
    {
        try
        {
            _shed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended by itself in the meantime.
        }
    }

    public void Dispose()
    {
        _table.Release(this);
        _shed.Dispose();
    }
}
