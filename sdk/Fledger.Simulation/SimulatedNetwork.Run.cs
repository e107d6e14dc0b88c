using Fledger.Core.Identity;

namespace Fledger.Simulation;

public sealed partial class SimulatedNetwork
{
    /// <summary>Runs the simulation for <paramref name="duration"/> of simulated time.</summary>
    public async Task RunForAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var end = Time.GetUtcNow() + duration;
        await RunUntilAsync(end, null, cancellationToken);
    }

    /// <summary>
    /// Runs until <paramref name="condition"/> holds (checked after every settled step) or <paramref name="timeout"/>
    /// of simulated time passed. Returns the simulated time it took, or null on timeout.
    /// </summary>
    public async Task<TimeSpan?> RunUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var start = Time.GetUtcNow();
        var reached = await RunUntilAsync(start + timeout, condition, cancellationToken);
        return reached ? Time.GetUtcNow() - start : null;
    }

    /// <summary>The peers <paramref name="id"/> has an open link with, in both directions, among live nodes.</summary>
    public IReadOnlyList<NodeId> ConnectionsOf(NodeId id)
    {
        var node = _byId[id];
        if (!node.IsAlive)
        {
            return [];
        }

        return [.. node.Endpoint.Links.Where(p => CurrentEndpoint(p) is { } peer && peer.Links.Contains(id)).Order()];
    }

    /// <summary>The number of connected components of the overlay of live nodes (1 = one connected overlay).</summary>
    public int CountComponents()
    {
        var seen = new HashSet<NodeId>();
        var components = 0;
        var stack = new Stack<NodeId>();
        foreach (var node in _nodes)
        {
            if (!node.IsAlive || !seen.Add(node.Id))
            {
                continue;
            }

            components++;
            stack.Push(node.Id);
            while (stack.TryPop(out var current))
            {
                foreach (var peer in ConnectionsOf(current))
                {
                    if (seen.Add(peer))
                    {
                        stack.Push(peer);
                    }
                }
            }
        }

        return components;
    }

    private async Task<bool> RunUntilAsync(DateTimeOffset end, Func<bool>? condition, CancellationToken cancellationToken)
    {
        var endTicks = end.UtcTicks;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await SettleAsync(cancellationToken);
            if (condition is not null && condition())
            {
                return true;
            }

            var now = Time.GetUtcNow().UtcTicks;
            if (now >= endTicks)
            {
                return condition is null;
            }

            var next = Math.Min(endTicks, now + _options.MaxStep.Ticks);
            if (_queue.TryPeek(out _, out var head) && head.Due < next)
            {
                next = Math.Max(head.Due, now);
            }

            if (next > now)
            {
                Time.SetUtcNow(new DateTimeOffset(next, TimeSpan.Zero));
            }

            while (_queue.TryPeek(out var action, out var due) && due.Due <= next)
            {
                _queue.Dequeue();
                action();
            }
        }
    }

    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < 16; pass++)
        {
            var busy = false;
            foreach (var node in _nodes)
            {
                if (node.IsAlive && node.Node.HasPendingWork)
                {
                    busy = true;
                    await node.Node.SettleAsync(cancellationToken);
                }
            }

            if (!busy)
            {
                return;
            }
        }
    }
}
