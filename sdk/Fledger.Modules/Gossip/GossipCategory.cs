namespace Fledger.Modules.Gossip;

/// <summary>What a gossip event carries; each category has its own limits. Encoded as one byte.</summary>
public enum GossipCategory : byte
{
    /// <summary>A chat message: UTF-8 text.</summary>
    Chat = 1,

    /// <summary>A node's <c>NodeInfo</c> in its canonical encoding, published by that node.</summary>
    NodeInfo = 2,
}
