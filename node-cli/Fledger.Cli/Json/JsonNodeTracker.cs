using Fledger.Core.Identity;
using Fledger.Modules.Gossip;
using Fledger.Node;

namespace Fledger.Cli.Json;

/// <summary>Watches one node for <see cref="JsonEventRunner"/>: emits a line for every new chat event and every change of its open peers.</summary>
internal sealed class JsonNodeTracker : IDisposable
{
    private readonly int _index;
    private readonly FledgerNode _node;
    private readonly TimeProvider _time;
    private readonly Action<string> _emit;
    private readonly Lock _gate = new();
    private readonly HashSet<GossipEventId> _seen = [];
    private HashSet<NodeId> _peers = [];

    private JsonNodeTracker(int index, FledgerNode node, TimeProvider time, Action<string> emit)
    {
        _index = index;
        _node = node;
        _time = time;
        _emit = emit;
    }

    /// <summary>Starts watching <paramref name="node"/> and emits its current peers and chat events.</summary>
    public static JsonNodeTracker Attach(int index, FledgerNode node, TimeProvider time, Action<string> emit)
    {
        var tracker = new JsonNodeTracker(index, node, time, emit);
        node.Changed += tracker.OnChanged;
        tracker.Check(NodeChange.Connections | NodeChange.Events);
        return tracker;
    }

    /// <summary>Posts a chat event from this node and emits <c>posted</c> (or <c>error</c>) and then its <c>chat</c> line.</summary>
    public async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        var t = JsonEventFormat.UnixMilliseconds(_time);
        GossipEvent? posted;
        try
        {
            posted = await _node.PostChatAsync(text, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            _emit(JsonEventFormat.Error(_index, ex.Message.Split(" (Parameter")[0], JsonEventFormat.UnixMilliseconds(_time)));
            return;
        }

        _emit(posted is null
            ? JsonEventFormat.Error(_index, "the gossip module refused the message (too many recent messages?)", JsonEventFormat.UnixMilliseconds(_time))
            : JsonEventFormat.Posted(_index, posted, t));
        Check(NodeChange.Events);
    }

    public void Dispose() => _node.Changed -= OnChanged;

    private void OnChanged(object? sender, NodeChangedEventArgs e) => Check(e.Change);

    private void Check(NodeChange change)
    {
        lock (_gate)
        {
            if ((change & NodeChange.Events) != 0)
            {
                var chats = _node.ChatEvents;
                foreach (var chat in chats)
                {
                    if (_seen.Add(chat.Id))
                    {
                        _emit(JsonEventFormat.Chat(_index, chat, JsonEventFormat.UnixMilliseconds(_time)));
                    }
                }

                if (_seen.Count > (2 * chats.Count) + 1024)
                {
                    // Bounded: forget ids the node itself no longer holds.
                    _seen.IntersectWith(chats.Select(c => c.Id));
                }
            }

            if ((change & NodeChange.Connections) != 0)
            {
                var peers = _node.Connections.ToHashSet();
                if (!peers.SetEquals(_peers))
                {
                    _peers = peers;
                    _emit(JsonEventFormat.Peers(_index, peers.Order(), JsonEventFormat.UnixMilliseconds(_time)));
                }
            }
        }
    }
}
