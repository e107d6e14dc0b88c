using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Modules.Stat;

/// <summary>Inputs of the stat module.</summary>
public abstract record StatIn
{
    private protected StatIn()
    {
    }

    /// <summary>A second tick of the clock: stats are requested every <see cref="StatOptions.Interval"/>.</summary>
    public sealed record Tick(DateTimeOffset Now) : StatIn;

    /// <summary>Stats of every connection, from the network broker.</summary>
    public sealed record NetworkStats(IReadOnlyDictionary<NodeId, ConnectionStats> Connections) : StatIn;

    /// <summary>A round-trip time measured by the ping module.</summary>
    public sealed record RoundTrip(NodeId Peer, TimeSpan Rtt) : StatIn;

    /// <summary>A connection to <paramref name="Peer"/> opened.</summary>
    public sealed record PeerConnected(NodeId Peer) : StatIn;

    /// <summary>The connection to <paramref name="Peer"/> closed.</summary>
    public sealed record PeerDisconnected(NodeId Peer) : StatIn;
}

/// <summary>Outputs of the stat module.</summary>
public abstract record StatOut
{
    private protected StatOut()
    {
    }

    /// <summary>Ask the network for the stats of every connection.</summary>
    public sealed record RequestStats : StatOut;

    /// <summary>Per-peer statistics, emitted on change.</summary>
    public sealed record State(IReadOnlyDictionary<NodeId, PeerStat> Peers) : StatOut;
}

/// <summary>What is known about the connection to one peer.</summary>
/// <param name="Peer">The peer.</param>
/// <param name="Connection">The latest network stats (<see cref="ConnectionStats.None"/> until the first report).</param>
/// <param name="PingRtt">The latest RTT measured by the ping module.</param>
/// <param name="ConnectedSince">When the connection opened (as seen by this module).</param>
/// <param name="Updated">When this entry last changed.</param>
public sealed record PeerStat(NodeId Peer, ConnectionStats Connection, TimeSpan? PingRtt, DateTimeOffset ConnectedSince, DateTimeOffset Updated)
{
    /// <summary>The transport RTT when the network measured one, else the ping RTT.</summary>
    public TimeSpan? RoundTripTime => Connection.RoundTripTime ?? PingRtt;
}
