using Fledger.Core.Identity;

namespace Fledger.Cli.View;

/// <summary>An immutable picture of one node for the renderers.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="Name">The node's name.</param>
/// <param name="Signaling">Signaling state, e.g. <c>Announced</c>.</param>
/// <param name="KnownNodes">Other nodes the node knows from the signal server.</param>
/// <param name="Peers">Peer connections.</param>
/// <param name="Chat">The chat feed, oldest first.</param>
internal sealed record NodeSnapshot(
    NodeId Id,
    string Name,
    string Signaling,
    IReadOnlyList<NodeInfo> KnownNodes,
    IReadOnlyList<PeerRow> Peers,
    IReadOnlyList<ChatLine> Chat);
