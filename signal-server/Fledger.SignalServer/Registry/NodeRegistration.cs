using Fledger.Core.Identity;

namespace Fledger.SignalServer.Registry;

/// <summary>An announced node, the SignalR connection it is reachable on, and when it was last refreshed.</summary>
public sealed record NodeRegistration(NodeInfo Info, string ConnectionId, DateTimeOffset LastSeen)
{
    /// <summary>The node's id.</summary>
    public NodeId Id => Info.Id;
}
