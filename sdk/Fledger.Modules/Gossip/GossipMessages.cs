using Fledger.Core.Identity;

namespace Fledger.Modules.Gossip;

/// <summary>Inputs of the gossip module.</summary>
public abstract record GossipIn
{
    private protected GossipIn()
    {
    }

    /// <summary>Load stored events (send once at start; events received before are kept).</summary>
    public sealed record Start : GossipIn;

    /// <summary>A second tick of the clock: anti-entropy and request timeouts run on ticks.</summary>
    public sealed record Tick(DateTimeOffset Now) : GossipIn;

    /// <summary>Sign and publish a new event of this node.</summary>
    public sealed record Publish(GossipCategory Category, ReadOnlyMemory<byte> Content) : GossipIn;

    /// <summary>A connection to <paramref name="Peer"/> opened.</summary>
    public sealed record PeerConnected(NodeId Peer) : GossipIn;

    /// <summary>The connection to <paramref name="Peer"/> closed.</summary>
    public sealed record PeerDisconnected(NodeId Peer) : GossipIn;

    /// <summary>A <c>gossip</c> module message from <paramref name="From"/>.</summary>
    public sealed record Received(NodeId From, ReadOnlyMemory<byte> Payload) : GossipIn;
}

/// <summary>Outputs of the gossip module.</summary>
public abstract record GossipOut
{
    private protected GossipOut()
    {
    }

    /// <summary>Send <paramref name="Payload"/> to <paramref name="To"/> as a <c>gossip</c> module message.</summary>
    public sealed record Send(NodeId To, ReadOnlyMemory<byte> Payload) : GossipOut;

    /// <summary>A new (verified) event was added.</summary>
    public sealed record EventAdded(GossipEvent Event, GossipOrigin Origin) : GossipOut;

    /// <summary>
    /// <paramref name="Peer"/> sent a forged event (bad signature, or an author id that does not match its key): the
    /// node should disconnect it. An honest node verifies every event before it stores or forwards it, so only a
    /// misbehaving (or broken) peer sends one; the event itself was dropped.
    /// </summary>
    public sealed record PeerMisbehaved(NodeId Peer, string Reason) : GossipOut;

    /// <summary>Counts and counters, emitted on change and every <see cref="GossipOptions.StateInterval"/>.</summary>
    public sealed record State(GossipStats Stats) : GossipOut;
}

/// <summary>Where an added event came from.</summary>
public enum GossipOrigin
{
    /// <summary>Published by this node.</summary>
    Local,

    /// <summary>Received from a peer.</summary>
    Remote,

    /// <summary>Loaded from the store.</summary>
    Stored,
}

/// <summary>The gossip module's counters.</summary>
/// <param name="Chat">Chat events held.</param>
/// <param name="NodeInfo">Node-info events held.</param>
/// <param name="Received">Valid new events received from peers.</param>
/// <param name="Duplicates">Events received that were already held.</param>
/// <param name="Forged">Events dropped for a bad signature or an author id that does not match the key.</param>
/// <param name="Malformed">Payloads or events dropped because they did not parse.</param>
/// <param name="Dropped">Valid events dropped by a limit (too old for a full category, created in the future).</param>
/// <param name="Evicted">Events evicted to keep a category within its limit.</param>
public sealed record GossipStats(int Chat, int NodeInfo, long Received, long Duplicates, long Forged, long Malformed, long Dropped, long Evicted);
