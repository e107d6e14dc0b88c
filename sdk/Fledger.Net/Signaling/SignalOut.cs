using Fledger.Core.Identity;

namespace Fledger.Net.Signaling;

/// <summary>Outputs of the signaling client (closed hierarchy).</summary>
public abstract record SignalOut
{
    private SignalOut()
    {
    }

    /// <summary>The transport is up (a challenge follows; the node announces itself).</summary>
    public sealed record Connected() : SignalOut;

    /// <summary>The server verified the node's key; it is listed and reachable as <paramref name="Id"/>.</summary>
    public sealed record Announced(NodeId Id) : SignalOut;

    /// <summary>The connection is down; <paramref name="WillReconnect"/> tells whether the client retries.</summary>
    public sealed record Disconnected(string? Reason, bool WillReconnect) : SignalOut;

    /// <summary>Answer to <see cref="SignalIn.ListNodes"/>: a random sample of other nodes.</summary>
    public sealed record NodeList(IReadOnlyList<NodeInfo> Nodes) : SignalOut;

    /// <summary>A node announced (pushed to a random subset of nodes).</summary>
    public sealed record NodeJoined(NodeInfo Node) : SignalOut;

    /// <summary>A node left (pushed to a random subset of nodes).</summary>
    public sealed record NodeLeft(NodeId Id) : SignalOut;

    /// <summary>A peer setup from node <paramref name="From"/> (set by the server, not spoofable).</summary>
    public sealed record PeerSetupReceived(NodeId From, PeerSetup Setup) : SignalOut;

    /// <summary>The server refused a message.</summary>
    public sealed record Error(SignalErrorCode Code, string Detail) : SignalOut;

    /// <summary>Answer to <see cref="SignalIn.RequestStatus"/>.</summary>
    public sealed record Status(SignalingStatus Value) : SignalOut;
}
