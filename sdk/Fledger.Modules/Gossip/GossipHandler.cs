using System.Text.Unicode;
using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Fledger.Modules.Gossip;

/// <summary>
/// The gossip module's state: verified events by id, per-category limits, pending pulls, the connected peers and
/// counters. New events are announced (ids only) to every connected peer that is not known to have them; a peer
/// pulls the ids it lacks; every <see cref="GossipOptions.AntiEntropyInterval"/> a digest of recent ids goes to one
/// random peer, which pulls what it lacks and announces what the sender lacks.
/// </summary>
public sealed partial class GossipHandler : IHandler<GossipIn, GossipOut>
{
    /// <summary>The store namespace of the events (key = event id in hex, value = encoded event).</summary>
    public const string StoreNamespace = "gossip";

    private const int MaxPending = 4096;
    private const int MaxAnnouncers = 16;
    private readonly Dictionary<GossipEventId, GossipEvent> _events = [];
    private readonly Dictionary<GossipCategory, SortedSet<EventKey>> _byAge = new()
    {
        [GossipCategory.Chat] = [],
        [GossipCategory.NodeInfo] = [],
    };

    private readonly Dictionary<GossipEventId, Pending> _pending = [];
    private readonly Dictionary<NodeId, GossipEventId> _nodeInfoByAuthor = [];
    private readonly List<NodeId> _peers = [];
    private readonly NodeIdentity _identity;
    private readonly IKeyValueStore _store;
    private readonly GossipOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private DateTimeOffset _nextAntiEntropy = DateTimeOffset.MinValue;
    private DateTimeOffset _nextState = DateTimeOffset.MinValue;
    private long _received;
    private long _duplicates;
    private long _forged;
    private long _malformed;
    private long _dropped;
    private long _evicted;

    /// <summary>Creates the handler for the node of <paramref name="identity"/>.</summary>
    public GossipHandler(NodeIdentity identity, IKeyValueStore store, GossipOptions options, TimeProvider time, Random random, ILogger<GossipHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        _identity = identity;
        _store = store;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask HandleAsync(GossipIn message, IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case GossipIn.Start:
                await LoadAsync(output, cancellationToken);
                break;
            case GossipIn.Tick tick:
                OnTick(tick.Now, output);
                break;
            case GossipIn.Publish publish:
                await PublishAsync(publish, output, cancellationToken);
                break;
            case GossipIn.PeerConnected connected:
                if (!_peers.Contains(connected.Peer))
                {
                    _peers.Add(connected.Peer);
                }

                break;
            case GossipIn.PeerDisconnected disconnected:
                _peers.Remove(disconnected.Peer);
                break;
            case GossipIn.Received received:
                await OnReceivedAsync(received.From, received.Payload, output, cancellationToken);
                break;
        }
    }

    private void OnTick(DateTimeOffset now, IBrokerOutput<GossipOut> output)
    {
        Dictionary<NodeId, List<GossipEventId>>? retries = null;
        foreach (var (id, pending) in _pending)
        {
            if (now - pending.At < _options.RequestTimeout)
            {
                continue;
            }

            // Ask the next peer that announced the id; forget it when nobody else did.
            pending.Announcers.RemoveAt(0);
            pending.Announcers.RemoveAll(p => !_peers.Contains(p));
            if (pending.Announcers.Count == 0)
            {
                _pending.Remove(id);
                continue;
            }

            var next = pending.Announcers[0];
            pending.At = now;
            retries ??= [];
            if (!retries.TryGetValue(next, out var ids))
            {
                retries[next] = ids = [];
            }

            if (ids.Count < GossipWire.MaxIds)
            {
                ids.Add(id);
            }
        }

        foreach (var (peer, ids) in retries ?? [])
        {
            output.Emit(new GossipOut.Send(peer, GossipWire.EncodeIds(GossipWireKind.Request, ids)));
        }

        if (now >= _nextAntiEntropy)
        {
            _nextAntiEntropy = now + _options.AntiEntropyInterval;
            if (_peers.Count > 0)
            {
                var peer = _peers[_random.Next(_peers.Count)];
                output.Emit(new GossipOut.Send(peer, GossipWire.EncodeIds(GossipWireKind.Digest, RecentIds())));
            }
        }

        if (now >= _nextState)
        {
            EmitState(output);
        }
    }

    private async ValueTask PublishAsync(GossipIn.Publish publish, IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        var content = publish.Content.Span;
        var valid = publish.Category switch
        {
            GossipCategory.Chat => content.Length <= _options.MaxChatBytes && Utf8.IsValid(content),
            GossipCategory.NodeInfo => NodeInfo.TryDecode(content, out var info, out _) && info!.Id == _identity.Id,
            _ => false,
        };
        if (!valid)
        {
            _dropped++;
            Log.PublishRejected(_logger, publish.Category);
            EmitState(output);
            return;
        }

        var gossipEvent = GossipEvent.Create(_identity, publish.Category, content, _time.GetUtcNow());
        if (await AddAsync(gossipEvent, GossipOrigin.Local, output, cancellationToken))
        {
            AnnounceAll([gossipEvent.Id], null, output);
            EmitState(output);
        }
    }

    private async ValueTask OnReceivedAsync(NodeId from, ReadOnlyMemory<byte> payload, IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        if (!GossipWire.TryDecode(payload, out var message, out var wireError))
        {
            _malformed++;
            Log.MalformedPayload(_logger, from.ToShortString(), wireError);
            return;
        }

        switch (message!.Kind)
        {
            case GossipWireKind.Announce:
                RequestMissing(from, message.Ids, output);
                break;
            case GossipWireKind.Digest:
                RequestMissing(from, message.Ids, output);
                var theirs = message.Ids.ToHashSet();
                var missing = RecentIds().Where(id => !theirs.Contains(id)).ToList();
                if (missing.Count > 0)
                {
                    output.Emit(new GossipOut.Send(from, GossipWire.EncodeIds(GossipWireKind.Announce, missing)));
                }

                break;
            case GossipWireKind.Request:
                SendEvents(from, message.Ids, output);
                break;
            case GossipWireKind.Events:
                await OnEventsAsync(from, message.Events, output, cancellationToken);
                break;
        }
    }

    private void RequestMissing(NodeId from, IReadOnlyList<GossipEventId> ids, IBrokerOutput<GossipOut> output)
    {
        var now = _time.GetUtcNow();
        var wanted = new List<GossipEventId>();
        foreach (var id in ids)
        {
            if (_events.ContainsKey(id))
            {
                continue;
            }

            if (_pending.TryGetValue(id, out var pending))
            {
                if (pending.Announcers.Count < MaxAnnouncers && !pending.Announcers.Contains(from))
                {
                    pending.Announcers.Add(from);
                }

                continue;
            }

            if (_pending.Count >= MaxPending)
            {
                break;
            }

            _pending[id] = new Pending(now, [from]);
            wanted.Add(id);
        }

        if (wanted.Count > 0)
        {
            output.Emit(new GossipOut.Send(from, GossipWire.EncodeIds(GossipWireKind.Request, wanted)));
        }
    }

    private void SendEvents(NodeId to, IReadOnlyList<GossipEventId> ids, IBrokerOutput<GossipOut> output)
    {
        var events = new List<GossipEvent>(ids.Count);
        foreach (var id in ids)
        {
            if (_events.TryGetValue(id, out var gossipEvent))
            {
                events.Add(gossipEvent);
            }
        }

        for (var start = 0; start < events.Count;)
        {
            var payload = GossipWire.EncodeEvents(events, start, out var taken);
            start += taken;
            output.Emit(new GossipOut.Send(to, payload));
        }
    }

    private async ValueTask OnEventsAsync(NodeId from, IReadOnlyList<ReadOnlyMemory<byte>> encoded, IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        var added = new List<GossipEventId>();
        var skip = new Dictionary<GossipEventId, List<NodeId>>();
        GossipEventError? forged = null;
        foreach (var bytes in encoded)
        {
            if (!GossipEvent.TryDecode(bytes.Span, out var gossipEvent, out var error))
            {
                if (error is GossipEventError.BadSignature or GossipEventError.AuthorMismatch)
                {
                    _forged++;
                    forged ??= error;
                    Log.Forged(_logger, from.ToShortString(), error);
                }
                else
                {
                    _malformed++;
                    Log.MalformedEvent(_logger, from.ToShortString(), error);
                }

                continue;
            }

            if (_pending.Remove(gossipEvent!.Id, out var pending))
            {
                skip[gossipEvent.Id] = pending.Announcers;
            }

            if (await AddAsync(gossipEvent, GossipOrigin.Remote, output, cancellationToken))
            {
                _received++;
                added.Add(gossipEvent.Id);
            }
        }

        if (added.Count > 0)
        {
            AnnounceAll(added, id => skip.TryGetValue(id, out var announcers) ? announcers : [from], output);
        }

        if (forged is { } reason)
        {
            // One forged event is enough: an honest peer verifies before it forwards, so this one lies or is broken.
            _peers.Remove(from);
            output.Emit(new GossipOut.PeerMisbehaved(from, $"forged gossip event ({reason})"));
        }

        EmitState(output);
    }

    private void AnnounceAll(List<GossipEventId> ids, Func<GossipEventId, List<NodeId>>? skip, IBrokerOutput<GossipOut> output)
    {
        foreach (var peer in _peers)
        {
            var toSend = skip is null ? ids : ids.Where(id => !skip(id).Contains(peer)).ToList();
            for (var start = 0; start < toSend.Count; start += GossipWire.MaxIds)
            {
                var chunk = toSend.GetRange(start, Math.Min(GossipWire.MaxIds, toSend.Count - start));
                output.Emit(new GossipOut.Send(peer, GossipWire.EncodeIds(GossipWireKind.Announce, chunk)));
            }
        }
    }

    private List<GossipEventId> RecentIds()
    {
        var ids = new List<GossipEventId>(Math.Min(GossipWire.MaxIds, _events.Count));
        var perCategory = GossipWire.MaxIds / _byAge.Count;
        foreach (var byAge in _byAge.Values)
        {
            ids.AddRange(byAge.Reverse().Take(perCategory).Select(k => k.Id));
        }

        return ids;
    }

    private void EmitState(IBrokerOutput<GossipOut> output)
    {
        _nextState = _time.GetUtcNow() + _options.StateInterval;
        output.Emit(new GossipOut.State(new GossipStats(
            _byAge[GossipCategory.Chat].Count, _byAge[GossipCategory.NodeInfo].Count, _received, _duplicates, _forged, _malformed, _dropped, _evicted)));
    }

    private sealed class Pending(DateTimeOffset at, List<NodeId> announcers)
    {
        public DateTimeOffset At { get; set; } = at;

        public List<NodeId> Announcers { get; } = announcers;
    }

    private readonly record struct EventKey(DateTimeOffset Created, GossipEventId Id) : IComparable<EventKey>
    {
        public int CompareTo(EventKey other)
        {
            var c = Created.CompareTo(other.Created);
            return c != 0 ? c : Id.CompareTo(other.Id);
        }
    }
}
