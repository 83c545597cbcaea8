namespace Mandos.Server.Listener;

/// <summary>
/// The server's open connections, counted per source (see <see cref="ConnectionSource"/>), with
/// two limits: <c>maxPerSource</c> connections from one source, past which a newcomer takes the
/// place of that source's oldest early-phase connection, and <c>maxConnections</c> in all, past
/// which it takes the place of the oldest early-phase connection of the source with the most
/// early-phase connections; so an idle flood cannot lock out a client, least of all one at
/// another source. Identified connections (a known client, perhaps waiting for approval) are
/// never shed; with nothing to shed, the newcomer is refused. Every operation is O(1) under
/// one lock; a source's tally goes when its last connection does.
/// </summary>
public sealed class ConnectionTable(int maxConnections, int maxPerSource, TimeProvider clock)
{
    /// <summary>How often each kind of warning may be logged for one source.</summary>
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<ConnectionSource, SourceTally> _sources = [];

    // Sources by their number of early-phase connections (index 0 unused), so the busiest one
    // is found at once; _busiest is the highest count with a non-empty list.
    private readonly Dictionary<int, LinkedList<SourceTally>> _ranks = [];
    private readonly WarningThrottle _fullWarnings = new(WarningInterval);
    private readonly WarningThrottle _shedWarnings = new(TimeSpan.FromSeconds(1));
    private int _busiest;
    private int _open;

    public int MaxConnections => maxConnections;

    public int MaxPerSource => maxPerSource;

    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Sources with a connection open; their tallies are all the table keeps.</summary>
    public int Sources
    {
        get
        {
            lock (_lock)
            {
                return _sources.Count;
            }
        }
    }

    public int OpenFrom(ConnectionSource source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out SourceTally? tally) ? tally.Open : 0;
        }
    }

    public Admission Admit(ConnectionSource source)
    {
        lock (_lock)
        {
            long now = clock.GetTimestamp();
            _sources.TryGetValue(source, out SourceTally? tally);
            OpenConnection? shed = null;
            string? shedWarning = null;
            if (tally is not null && tally.Open >= maxPerSource)
            {
                // A source at its limit makes room from its own idle connections, so a client
                // sharing an address (or an IPv6 subnet) with a flood is not simply locked out.
                shed = tally.Early.First?.Value;
                if (shed is null)
                {
                    string? warning = tally.Warnings.TrySay(clock, now, out int held)
                        ? $"{source} has {tally.Open} connections open (max_connections_per_host), none of them idle; refusing more from it{Held(held)}"
                        : null;
                    return new Admission(null, null, warning);
                }
                shedWarning = DescribeShedding(shed, source, now, "max_connections_per_host");
            }
            else if (_open >= maxConnections)
            {
                shed = OldestEarlyOfBusiestSource();
                if (shed is null)
                {
                    string? warning = _fullWarnings.TrySay(clock, now, out int held)
                        ? $"{_open} connections open (max_connections), none of them idle; refusing new ones{Held(held)}"
                        : null;
                    return new Admission(null, null, warning);
                }
                shedWarning = DescribeShedding(shed, source, now, "max_connections");
            }
            if (tally is null)
            {
                tally = new SourceTally(source, WarningInterval);
                _sources.Add(source, tally);
            }
            var connection = new OpenConnection(this, source, now) { Tally = tally };
            tally.Open++;
            _open++;
            connection.EarlyNode = tally.Early.AddLast(connection);
            Rerank(tally, tally.Early.Count - 1);
            // Removed only now, so that a source replacing its own last connection keeps its
            // tally (and the rate limit of its warnings).
            if (shed is not null)
            {
                shed.WasShed = true;
                Remove(shed);
            }
            return new Admission(connection, shed, shedWarning);
        }
    }

    internal bool Advance(OpenConnection connection, ConnectionPhase phase)
    {
        lock (_lock)
        {
            if (connection.Gone)
            {
                return false;
            }
            connection.Phase = phase;
            if (phase == ConnectionPhase.Identified && connection.EarlyNode is { } node)
            {
                SourceTally tally = connection.Tally!;
                tally.Early.Remove(node);
                connection.EarlyNode = null;
                Rerank(tally, tally.Early.Count + 1);
            }
            return true;
        }
    }

    /// <summary>Whether a warning about this connection may be logged now, by its source's rate limit.</summary>
    internal bool TryWarn(OpenConnection connection, out int held)
    {
        lock (_lock)
        {
            held = 0;
            return !connection.Gone && connection.Tally!.Warnings.TrySay(clock, clock.GetTimestamp(), out held);
        }
    }

    /// <summary>The connection ended; a second call, or one for a shed connection, does nothing.</summary>
    internal void Release(OpenConnection connection)
    {
        lock (_lock)
        {
            if (!connection.Gone)
            {
                Remove(connection);
            }
        }
    }

    private void Remove(OpenConnection connection)
    {
        connection.Gone = true;
        SourceTally tally = connection.Tally!;
        if (connection.EarlyNode is { } node)
        {
            tally.Early.Remove(node);
            connection.EarlyNode = null;
            Rerank(tally, tally.Early.Count + 1);
        }
        _open--;
        if (--tally.Open == 0)
        {
            _sources.Remove(tally.Source);
        }
    }

    private OpenConnection? OldestEarlyOfBusiestSource() =>
        _busiest > 0 ? _ranks[_busiest].First!.Value.Early.First!.Value : null;

    /// <summary>Moves a source whose early-phase count was <paramref name="was"/> to the list of its current count.</summary>
    private void Rerank(SourceTally tally, int was)
    {
        int now = tally.Early.Count;
        if (tally.RankNode is { } node)
        {
            LinkedList<SourceTally> old = node.List!;
            old.Remove(node);
            if (old.Count == 0)
            {
                _ranks.Remove(was);
            }
        }
        tally.RankNode = null;
        if (now > 0)
        {
            if (!_ranks.TryGetValue(now, out LinkedList<SourceTally>? list))
            {
                list = new LinkedList<SourceTally>();
                _ranks.Add(now, list);
            }
            tally.RankNode = list.AddLast(tally);
        }
        // Counts change by one, so the busiest count moves by at most one.
        if (now > _busiest)
        {
            _busiest = now;
        }
        else if (was == _busiest && !_ranks.ContainsKey(was))
        {
            _busiest = now;
        }
    }

    private string? DescribeShedding(OpenConnection shed, ConnectionSource newcomer, long now, string limit)
    {
        SourceTally tally = shed.Tally!;
        // Once a minute per source, and once a second in all, for a flood from many addresses.
        if (!tally.Warnings.IsDue(clock, now) || !_shedWarnings.IsDue(clock, now))
        {
            tally.Warnings.Hold();
            return null;
        }
        _shedWarnings.Say(now);
        int held = tally.Warnings.Say(now);
        string phase = shed.Phase == ConnectionPhase.AwaitingVersion ? "waiting for its version line" : "in its handshake";
        double waited = clock.GetElapsedTime(shed.Opened, now).TotalSeconds;
        string open = limit == "max_connections" ? $"{_open} connections open" : $"{shed.Source} has {tally.Open} connections open";
        return $"{open} ({limit}): closed the longest-waiting connection from {shed.Source} " +
               $"({phase} for {waited:0.#} s) to admit one from {newcomer}{Held(held)}";
    }

    internal static string Held(int held) => held > 0 ? $" ({held} similar warnings held back)" : "";
}
