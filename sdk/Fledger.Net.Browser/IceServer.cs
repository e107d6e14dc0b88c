namespace Fledger.Net.Browser;

/// <summary>A STUN or TURN server (RTCIceServer).</summary>
/// <param name="Urls">Server URLs such as <c>stun:host:3478</c>.</param>
/// <param name="Username">TURN user name, if any.</param>
/// <param name="Credential">TURN credential, if any.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
