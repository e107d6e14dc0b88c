namespace Fledger.Node;

/// <summary>The modules a node runs.</summary>
[Flags]
public enum NodeModules
{
    /// <summary>No module (the node only holds its identity and network).</summary>
    None = 0,

    /// <summary>Keeps the overlay connected.</summary>
    RandomConnections = 1,

    /// <summary>Signed events (chat, node info) spread by gossip.</summary>
    Gossip = 2,

    /// <summary>Pings peers and reports silent ones.</summary>
    Ping = 4,

    /// <summary>Per-connection statistics.</summary>
    Stat = 8,

    /// <summary>Every module.</summary>
    All = RandomConnections | Gossip | Ping | Stat,
}
