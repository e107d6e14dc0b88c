using Fledger.Core.Identity;

namespace Fledger.SignalServer.Registry;

/// <summary>
/// Where the server keeps announced nodes. One instance uses <see cref="InMemoryNodeRegistry"/>;
/// several instances share one (e.g. in Redis) so that relays and lists span instances.
/// Implementations are thread-safe.
/// </summary>
public interface INodeRegistry
{
    /// <summary>Adds or replaces the node's registration. Returns the registration it replaced when that was on another connection.</summary>
    ValueTask<NodeRegistration?> RegisterAsync(NodeRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>Removes the node if it is still registered on <paramref name="connectionId"/>; true when removed.</summary>
    ValueTask<bool> RemoveAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Finds a node's registration.</summary>
    ValueTask<NodeRegistration?> FindAsync(NodeId id, CancellationToken cancellationToken = default);

    /// <summary>Returns up to <paramref name="max"/> distinct registrations picked uniformly at random, never <paramref name="exclude"/>.</summary>
    ValueTask<IReadOnlyList<NodeRegistration>> SampleAsync(int max, NodeId? exclude, CancellationToken cancellationToken = default);

    /// <summary>Marks the node on <paramref name="connectionId"/> as alive now.</summary>
    ValueTask RefreshAsync(NodeId id, string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Removes registrations not refreshed within <paramref name="ttl"/>; returns how many.</summary>
    ValueTask<int> RemoveExpiredAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Number of registered nodes.</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);
}
