using System.Collections.Concurrent;

namespace Fledger.SignalServer.Connections;

/// <summary>The connections open on this server instance, with the connection limit.</summary>
public sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Open connections on this instance.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Connections on this instance that announced a node.</summary>
    public int AnnouncedCount => _connections.Values.Count(c => c.Node is not null);

    /// <summary>Adds a connection unless <paramref name="max"/> connections are already open.</summary>
    public bool TryAdd(ConnectionState state, int max)
    {
        if (Interlocked.Increment(ref _count) > max)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        _connections[state.ConnectionId] = state;
        return true;
    }

    /// <summary>Removes a connection added by <see cref="TryAdd"/>.</summary>
    public void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Finds an open connection on this instance.</summary>
    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>A snapshot of the open connections.</summary>
    public IReadOnlyCollection<ConnectionState> Snapshot() => _connections.Values.ToArray();
}
