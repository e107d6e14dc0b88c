using Fledger.Core.Identity;

namespace Fledger.SignalServer.Registry;

/// <summary>
/// The single-instance registry: a dictionary for lookups plus a dense list for O(max) random samples.
/// </summary>
public sealed class InMemoryNodeRegistry : INodeRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<NodeId, int> _index = [];
    private readonly List<NodeRegistration> _entries = [];
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>Creates an empty registry.</summary>
    /// <param name="time">Clock for <see cref="RefreshAsync"/> and expiry.</param>
    /// <param name="random">Source for samples; must be thread-safe (e.g. <see cref="Random.Shared"/>) or used only here.</param>
    public InMemoryNodeRegistry(TimeProvider time, Random random)
    {
        _time = time;
        _random = random;
    }

    /// <inheritdoc />
    public ValueTask<NodeRegistration?> RegisterAsync(NodeRegistration registration, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(registration.Id, out var i))
            {
                var previous = _entries[i];
                _entries[i] = registration;
                return ValueTask.FromResult(previous.ConnectionId == registration.ConnectionId ? null : previous);
            }

            _index[registration.Id] = _entries.Count;
            _entries.Add(registration);
            return ValueTask.FromResult<NodeRegistration?>(null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(id, out var i) || _entries[i].ConnectionId != connectionId)
            {
                return ValueTask.FromResult(false);
            }

            RemoveAt(i);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<NodeRegistration?> FindAsync(NodeId id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_index.TryGetValue(id, out var i) ? _entries[i] : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NodeRegistration>> SampleAsync(int max, NodeId? exclude, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var excluded = exclude is { } ex && _index.TryGetValue(ex, out var ei) ? ei : -1;
            var available = _entries.Count - (excluded >= 0 ? 1 : 0);
            var count = Math.Clamp(max, 0, available);
            var result = new List<NodeRegistration>(count);
            if (count == available)
            {
                for (var i = 0; i < _entries.Count; i++)
                {
                    if (i != excluded)
                    {
                        result.Add(_entries[i]);
                    }
                }

                _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
                return ValueTask.FromResult<IReadOnlyList<NodeRegistration>>(result);
            }

            // count < available: Floyd's algorithm picks `count` distinct indices of [0, available) in O(count);
            // indices at or after the excluded entry shift by one so it is never picked.
            var picked = new HashSet<int>(count);
            for (var j = available - count; j < available; j++)
            {
                var t = _random.Next(j + 1);
                if (!picked.Add(t))
                {
                    picked.Add(j);
                }
            }

            foreach (var k in picked)
            {
                result.Add(_entries[excluded >= 0 && k >= excluded ? k + 1 : k]);
            }

            _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
            return ValueTask.FromResult<IReadOnlyList<NodeRegistration>>(result);
        }
    }

    /// <inheritdoc />
    public ValueTask RefreshAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(id, out var i) && _entries[i].ConnectionId == connectionId)
            {
                _entries[i] = _entries[i] with { LastSeen = _time.GetUtcNow() };
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<int> RemoveExpiredAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - ttl;
        var removed = 0;
        lock (_lock)
        {
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                if (_entries[i].LastSeen < cutoff)
                {
                    RemoveAt(i);
                    removed++;
                }
            }
        }

        return ValueTask.FromResult(removed);
    }

    /// <inheritdoc />
    public ValueTask<int> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_entries.Count);
        }
    }

    private void RemoveAt(int i)
    {
        var last = _entries.Count - 1;
        _index.Remove(_entries[i].Id);
        if (i != last)
        {
            _entries[i] = _entries[last];
            _index[_entries[i].Id] = i;
        }

        _entries.RemoveAt(last);
    }
}
