namespace Fledger.Net.Browser;

/// <summary>Configuration of a browser peer connection.</summary>
/// <param name="IceServers">STUN/TURN servers; empty (the default) gathers host candidates only.</param>
public sealed record PeerConnectionConfig(IReadOnlyList<IceServer> IceServers)
{
    /// <summary>No ICE servers: host candidates only.</summary>
    public static PeerConnectionConfig Default { get; } = new([]);
}
