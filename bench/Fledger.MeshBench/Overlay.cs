using Fledger.Core.Identity;

namespace Fledger.MeshBench;

/// <summary>Overlay checks over the benchmark's nodes.</summary>
internal static class Overlay
{
    /// <summary>True when the nodes' connections (taken as undirected edges) form one connected graph.</summary>
    public static bool IsConnected(IReadOnlyList<BenchNode> nodes)
    {
        var ids = nodes.Select(n => n.Node.Id).ToHashSet();
        var edges = nodes.ToDictionary(n => n.Node.Id, n => n.Node.Connections.Where(ids.Contains).ToHashSet());
        foreach (var (id, peers) in edges)
        {
            foreach (var peer in peers)
            {
                edges[peer].Add(id);
            }
        }

        var seen = new HashSet<NodeId> { nodes[0].Node.Id };
        var queue = new Queue<NodeId>(seen);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in edges[id].Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        return seen.Count == nodes.Count;
    }
}
