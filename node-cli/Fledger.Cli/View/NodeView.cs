using System.Threading.Channels;
using Fledger.Core.Identity;

namespace Fledger.Cli.View;

/// <summary>
/// The state of the nodes a command runs, updated from their events: the live view renders <see cref="Snapshots"/>
/// when <see cref="Version"/> changes, the plain view prints <see cref="Lines"/>. Thread-safe.
/// </summary>
internal sealed class NodeView
{
    private const int MaxChatLines = 200;
    private const int MaxKnownNodes = 1000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<Entry> _nodes = [];
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(4096)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    private int _version;

    public NodeView(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Increases on every change.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>Event lines for the plain view, e.g. <c>12:00:01 alice: peer bob connected (host/host)</c>.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Extra lines shown above the tables (e.g. the demo's URL).</summary>
    public IReadOnlyList<string> Banner { get; set; } = [];

    /// <summary>A note shown under the peer table (e.g. why peers cannot connect); null for none.</summary>
    public string? PeerNotice { get; set; }

    /// <summary>Adds a node to show; returns its index for the update methods.</summary>
    public int AddNode(NodeId id, string name)
    {
        lock (_gate)
        {
            _nodes.Add(new Entry(id, name));
            Changed();
            return _nodes.Count - 1;
        }
    }

    /// <summary>All nodes, in the order they were added.</summary>
    public IReadOnlyList<NodeSnapshot> Snapshots()
    {
        lock (_gate)
        {
            return [.. _nodes.Select(e => new NodeSnapshot(
                e.Id,
                e.Name,
                e.Signaling,
                [.. e.Known.Values.OrderBy(n => n.Name, StringComparer.Ordinal)],
                [.. e.Peers.Values.OrderBy(p => p.Name, StringComparer.Ordinal)],
                [.. e.Chat]))];
        }
    }

    /// <summary>Writes a plain event line for node <paramref name="node"/> (or the command when -1).</summary>
    public void Log(int node, string text)
    {
        string prefix;
        lock (_gate)
        {
            prefix = node >= 0 && node < _nodes.Count ? $"{_nodes[node].Name}: " : string.Empty;
        }

        _lines.Writer.TryWrite($"{_time.GetLocalNow():HH:mm:ss} {prefix}{text}");
    }

    public void SetSignaling(int node, string state, bool log = true)
    {
        lock (_gate)
        {
            if (_nodes[node].Signaling == state)
            {
                return;
            }

            _nodes[node].Signaling = state;
            Changed();
        }

        if (log)
        {
            Log(node, $"signaling {state.ToLowerInvariant()}");
        }
    }

    public void SetKnownNodes(int node, IReadOnlyList<NodeInfo> nodes)
    {
        lock (_gate)
        {
            var known = _nodes[node].Known;
            known.Clear();
            foreach (var info in nodes.Take(MaxKnownNodes))
            {
                known[info.Id] = info;
            }

            Changed();
        }
    }

    public void AddKnownNode(int node, NodeInfo info)
    {
        bool added;
        lock (_gate)
        {
            var known = _nodes[node].Known;
            added = known.Count < MaxKnownNodes && known.TryAdd(info.Id, info);
            Changed();
        }

        if (added)
        {
            Log(node, $"node {info.Name} ({info.Id.ToShortString()}) joined the signal server");
        }
    }

    public void RemoveKnownNode(int node, NodeId id)
    {
        NodeInfo? removed;
        lock (_gate)
        {
            _nodes[node].Known.Remove(id, out removed);
            Changed();
        }

        if (removed is not null)
        {
            Log(node, $"node {removed.Name} ({id.ToShortString()}) left the signal server");
        }
    }

    public void SetPeers(int node, IEnumerable<KeyValuePair<NodeId, PeerRow>> peers)
    {
        var events = new List<string>();
        lock (_gate)
        {
            var rows = _nodes[node].Peers;
            var next = peers.ToDictionary(p => p.Key, p => p.Value);
            foreach (var (id, row) in next)
            {
                var wasOpen = rows.TryGetValue(id, out var old) && old.State == "Connected";
                if (row.State == "Connected" && !wasOpen)
                {
                    events.Add($"peer {row.Name} ({row.Id}) connected ({row.ConnectionType})");
                }
            }

            foreach (var (id, row) in rows)
            {
                if (row.State == "Connected" && (!next.TryGetValue(id, out var now) || now.State != "Connected"))
                {
                    events.Add($"peer {row.Name} ({row.Id}) disconnected");
                }
            }

            rows.Clear();
            foreach (var (id, row) in next)
            {
                rows[id] = row;
            }

            Changed();
        }

        foreach (var text in events)
        {
            Log(node, text);
        }
    }

    public void AddChat(int node, ChatLine line)
    {
        lock (_gate)
        {
            var chat = _nodes[node].Chat;
            chat.Add(line);
            if (chat.Count > MaxChatLines)
            {
                chat.RemoveAt(0);
            }

            Changed();
        }

        Log(node, $"chat <{line.Author}> {line.Text}");
    }

    /// <summary>The name of a known node, or its short id.</summary>
    public string NameOf(int node, NodeId id)
    {
        lock (_gate)
        {
            return _nodes[node].Known.TryGetValue(id, out var info) ? info.Name : id.ToShortString();
        }
    }

    private void Changed() => Interlocked.Increment(ref _version);

    private sealed class Entry(NodeId id, string name)
    {
        public NodeId Id { get; } = id;

        public string Name { get; } = name;

        public string Signaling { get; set; } = "Connecting";

        public Dictionary<NodeId, NodeInfo> Known { get; } = [];

        public Dictionary<NodeId, PeerRow> Peers { get; } = [];

        public List<ChatLine> Chat { get; } = [];
    }
}
