namespace Fledger.Node;

/// <summary>What changed in a <see cref="FledgerNode"/>'s view (see <see cref="FledgerNode.Changed"/>).</summary>
[Flags]
public enum NodeChange
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>A connection opened or closed, or the random-connections state changed.</summary>
    Connections = 1,

    /// <summary>The known nodes changed.</summary>
    KnownNodes = 2,

    /// <summary>An event was added.</summary>
    Events = 4,

    /// <summary>Connection statistics or ping RTTs changed.</summary>
    Stats = 8,

    /// <summary>The gossip counters changed.</summary>
    Gossip = 16,
}
