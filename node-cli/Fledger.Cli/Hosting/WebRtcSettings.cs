namespace Fledger.Cli.Hosting;

/// <summary>How a CLI node's WebRTC connects: ICE servers from <c>--stun</c>/<c>--turn</c> and which interfaces to use.</summary>
/// <param name="IceServers">STUN/TURN servers (none by default: host and peer-reflexive candidates only).</param>
/// <param name="LoopbackOnly">Gather candidates on loopback only (tests, and a demo that stays on this machine).</param>
internal sealed record WebRtcSettings(IReadOnlyList<IceServerUrl> IceServers, bool LoopbackOnly)
{
    /// <summary>No ICE servers, all interfaces.</summary>
    public static WebRtcSettings Default { get; } = new([], false);
}
