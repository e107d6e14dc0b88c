using Fledger.Core.Identity;

namespace Fledger.Modules.Ping;

/// <summary>Inputs of the ping module.</summary>
public abstract record PingIn
{
    private protected PingIn()
    {
    }

    /// <summary>A second tick of the clock: pings are sent and timeouts checked on ticks.</summary>
    public sealed record Tick(DateTimeOffset Now) : PingIn;

    /// <summary>A connection to <paramref name="Peer"/> opened.</summary>
    public sealed record PeerConnected(NodeId Peer) : PingIn;

    /// <summary>The connection to <paramref name="Peer"/> closed.</summary>
    public sealed record PeerDisconnected(NodeId Peer) : PingIn;

    /// <summary>A <c>ping</c> module message from <paramref name="From"/>.</summary>
    public sealed record Received(NodeId From, ReadOnlyMemory<byte> Payload) : PingIn;
}

/// <summary>Outputs of the ping module.</summary>
public abstract record PingOut
{
    private protected PingOut()
    {
    }

    /// <summary>Send <paramref name="Payload"/> to <paramref name="To"/> as a <c>ping</c> module message.</summary>
    public sealed record Send(NodeId To, ReadOnlyMemory<byte> Payload) : PingOut;

    /// <summary>A pong from <paramref name="Peer"/> arrived after <paramref name="Rtt"/>.</summary>
    public sealed record RoundTrip(NodeId Peer, TimeSpan Rtt) : PingOut;

    /// <summary><paramref name="Peer"/> did not answer for <paramref name="Silence"/>: the link should be dropped.</summary>
    public sealed record PeerFailed(NodeId Peer, TimeSpan Silence) : PingOut;

    /// <summary>The module's state, emitted on change and after every ping round.</summary>
    public sealed record State(IReadOnlyDictionary<NodeId, PingPeerState> Peers) : PingOut;
}

/// <summary>What the ping module knows of one peer.</summary>
/// <param name="LastRtt">The last measured round-trip time, if any.</param>
/// <param name="LastHeard">When the peer was last heard (ping or pong), or when it connected.</param>
/// <param name="Sent">Pings sent to the peer.</param>
/// <param name="Answered">Pongs received from the peer.</param>
public sealed record PingPeerState(TimeSpan? LastRtt, DateTimeOffset LastHeard, long Sent, long Answered);
