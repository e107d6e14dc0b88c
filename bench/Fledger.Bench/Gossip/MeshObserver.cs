namespace Fledger.Bench.Gossip;

/// <summary>
/// Aggregates the JSON lines of all node processes: which nodes are ready, the overlay (who is connected to whom),
/// and for every posted text when it was posted and when each node held it. Thread-safe; <see cref="WaitAsync"/>
/// wakes on every observed line.
/// </summary>
internal sealed class MeshObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Process, int Node), string> _ids = [];
    private readonly Dictionary<string, HashSet<string>> _edges = [];
    private readonly Dictionary<string, double> _posted = [];
    private readonly Dictionary<string, Dictionary<(int Process, int Node), double>> _held = [];
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Nodes that printed <c>ready</c>.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Records one line of process <paramref name="process"/>.</summary>
    public void Observe(int process, GossipLine line)
    {
        lock (_gate)
        {
            var key = (process, line.Node);
            switch (line.Type)
            {
                case "ready" when line.Id is not null:
                    _ids[key] = line.Id;
                    break;
                case "peers" when _ids.TryGetValue(key, out var id):
                    _edges[id] = [.. line.Peers];
                    break;
                case "posted" when line.Text is not null:
                    _posted.TryAdd(line.Text, line.T);
                    break;
                case "chat" when line.Text is not null:
                    if (!_held.TryGetValue(line.Text, out var holders))
                    {
                        _held[line.Text] = holders = [];
                    }

                    holders.TryAdd(key, line.T);
                    break;
            }
        }

        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another line released it first.
            }
        }
    }

    /// <summary>How many nodes hold <paramref name="text"/>.</summary>
    public int HolderCount(string text)
    {
        lock (_gate)
        {
            return _held.TryGetValue(text, out var holders) ? holders.Count : 0;
        }
    }

    /// <summary>Milliseconds from the post of <paramref name="text"/> until the last of <paramref name="nodes"/> nodes held it; null until all do.</summary>
    public double? TimeToAllMs(string text, int nodes)
    {
        lock (_gate)
        {
            return _posted.TryGetValue(text, out var posted) && _held.TryGetValue(text, out var holders) && holders.Count >= nodes
                ? holders.Values.Max() - posted
                : null;
        }
    }

    /// <summary>Degrees of the ready nodes in the overlay (a link counts when either end reports it).</summary>
    public IReadOnlyList<int> Degrees()
    {
        lock (_gate)
        {
            return [.. Links().Values.Select(l => l.Count)];
        }
    }

    /// <summary>True when <paramref name="nodes"/> nodes are ready, each has a peer, and the overlay is one connected graph.</summary>
    public bool IsOverlayConnected(int nodes)
    {
        lock (_gate)
        {
            if (_ids.Count < nodes)
            {
                return false;
            }

            var links = Links();
            if (links.Values.Any(l => l.Count == 0))
            {
                return false;
            }

            var seen = new HashSet<string> { links.Keys.First() };
            var queue = new Queue<string>(seen);
            while (queue.TryDequeue(out var id))
            {
                foreach (var next in links[id].Where(seen.Add))
                {
                    queue.Enqueue(next);
                }
            }

            return seen.Count == links.Count;
        }
    }

    /// <summary>The undirected overlay between ready nodes (caller holds the lock).</summary>
    private Dictionary<string, HashSet<string>> Links()
    {
        var ids = _ids.Values.ToHashSet();
        var links = ids.ToDictionary(id => id, _ => new HashSet<string>());
        foreach (var (id, peers) in _edges)
        {
            foreach (var peer in peers.Where(p => ids.Contains(p) && ids.Contains(id)))
            {
                links[id].Add(peer);
                links[peer].Add(id);
            }
        }

        return links;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (re-checked after every observed line); false at the deadline.</summary>
    public async Task<bool> WaitAsync(Func<bool> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            var left = deadline - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await _changed.WaitAsync(left, cancellationToken);
        }

        return true;
    }
}
