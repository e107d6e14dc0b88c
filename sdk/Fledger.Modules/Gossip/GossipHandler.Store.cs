using Fledger.Broker;

namespace Fledger.Modules.Gossip;

/// <summary>Adding, evicting, persisting and loading events.</summary>
public sealed partial class GossipHandler
{
    private async ValueTask<bool> AddAsync(GossipEvent gossipEvent, GossipOrigin origin, IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        if (_events.ContainsKey(gossipEvent.Id))
        {
            _duplicates++;
            return false;
        }

        var byAge = _byAge[gossipEvent.Category];
        var limit = _options.LimitOf(gossipEvent.Category);
        var key = new EventKey(gossipEvent.Created, gossipEvent.Id);
        if (gossipEvent.Created > _time.GetUtcNow() + _options.MaxClockSkew
            || (byAge.Count >= limit && key.CompareTo(byAge.Min) < 0))
        {
            _dropped++;
            return false;
        }

        if (gossipEvent.Category == GossipCategory.NodeInfo
            && _nodeInfoByAuthor.TryGetValue(gossipEvent.Author, out var previousId)
            && _events.TryGetValue(previousId, out var previous))
        {
            // Only the newest node info of an author is kept.
            if (new EventKey(previous.Created, previous.Id).CompareTo(key) >= 0)
            {
                _dropped++;
                return false;
            }

            await RemoveAsync(byAge, new EventKey(previous.Created, previous.Id), cancellationToken);
        }

        _events.Add(gossipEvent.Id, gossipEvent);
        byAge.Add(key);
        if (gossipEvent.Category == GossipCategory.NodeInfo)
        {
            _nodeInfoByAuthor[gossipEvent.Author] = gossipEvent.Id;
        }

        if (_options.Persist && origin != GossipOrigin.Stored)
        {
            await _store.SetAsync(StoreNamespace, gossipEvent.Id.ToString(), gossipEvent.Encoded, cancellationToken);
        }

        while (byAge.Count > limit)
        {
            await RemoveAsync(byAge, byAge.Min, cancellationToken);
        }

        output.Emit(new GossipOut.EventAdded(gossipEvent, origin));
        return true;
    }

    private async ValueTask RemoveAsync(SortedSet<EventKey> byAge, EventKey key, CancellationToken cancellationToken)
    {
        byAge.Remove(key);
        if (_events.Remove(key.Id, out var removed) && removed.Category == GossipCategory.NodeInfo
            && _nodeInfoByAuthor.TryGetValue(removed.Author, out var current) && current == key.Id)
        {
            _nodeInfoByAuthor.Remove(removed.Author);
        }

        _evicted++;
        if (_options.Persist)
        {
            await _store.DeleteAsync(StoreNamespace, key.Id.ToString(), cancellationToken);
        }
    }

    private async ValueTask LoadAsync(IBrokerOutput<GossipOut> output, CancellationToken cancellationToken)
    {
        if (!_options.Persist)
        {
            return;
        }

        var loaded = 0;
        foreach (var key in await _store.ListKeysAsync(StoreNamespace, cancellationToken))
        {
            var bytes = await _store.GetAsync(StoreNamespace, key, cancellationToken);
            if (bytes is null || !GossipEvent.TryDecode(bytes, out var gossipEvent, out _) || gossipEvent!.Id.ToString() != key)
            {
                _malformed++;
                await _store.DeleteAsync(StoreNamespace, key, cancellationToken);
                continue;
            }

            if (await AddAsync(gossipEvent, GossipOrigin.Stored, output, cancellationToken))
            {
                loaded++;
            }
        }

        Log.Loaded(_logger, loaded);
        EmitState(output);
    }
}
