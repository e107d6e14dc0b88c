using Fledger.Core.Identity;

namespace Fledger.Net.Signaling;

/// <summary>Inputs of the signaling client (closed hierarchy).</summary>
public abstract record SignalIn
{
    private SignalIn()
    {
    }

    /// <summary>Connect to the server (and keep reconnecting until <see cref="Disconnect"/>); the node announces itself automatically.</summary>
    public sealed record Connect() : SignalIn;

    /// <summary>Close the connection and stop reconnecting.</summary>
    public sealed record Disconnect() : SignalIn;

    /// <summary>Replace the announced NodeInfo (same key) and announce it again.</summary>
    public sealed record Announce(NodeInfo Info) : SignalIn;

    /// <summary>Ask for up to <paramref name="Max"/> random other nodes; answered by <see cref="SignalOut.NodeList"/>.</summary>
    public sealed record ListNodes(int Max) : SignalIn;

    /// <summary>Send a peer setup to node <paramref name="To"/> through the server.</summary>
    public sealed record Relay(NodeId To, PeerSetup Setup) : SignalIn;

    /// <summary>Ask for a <see cref="SignalOut.Status"/>.</summary>
    public sealed record RequestStatus() : SignalIn;
}
