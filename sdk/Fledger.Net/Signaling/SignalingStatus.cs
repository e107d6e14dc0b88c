using Fledger.Core.Identity;

namespace Fledger.Net.Signaling;

/// <summary>A snapshot of the signaling client.</summary>
/// <param name="State">Connection state.</param>
/// <param name="Id">This node's id.</param>
/// <param name="Server">Hub URL.</param>
/// <param name="Reconnects">Successful reconnects since the client was created.</param>
public sealed record SignalingStatus(SignalingState State, NodeId Id, Uri Server, int Reconnects);
