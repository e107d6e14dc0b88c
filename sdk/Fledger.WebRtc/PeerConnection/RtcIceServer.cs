namespace Fledger.WebRtc.PeerConnection;

/// <summary>A STUN or TURN server (browser <c>RTCIceServer</c>).</summary>
/// <param name="Url"><c>stun:host:port</c> or <c>turn:host:port</c> (TURN is accepted but not implemented yet).</param>
/// <param name="Username">TURN username.</param>
/// <param name="Credential">TURN credential (secret: never logged).</param>
public sealed record RtcIceServer(string Url, string? Username = null, string? Credential = null)
{
    /// <summary>True for <c>stun:</c> / <c>stuns:</c> URLs.</summary>
    public bool IsStun => Url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) || Url.StartsWith("stuns:", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>turn:</c> / <c>turns:</c> URLs.</summary>
    public bool IsTurn => Url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || Url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>host:port</c> part (query string dropped), default port 3478.</summary>
    public string HostAndPort
    {
        get
        {
            var rest = Url[(Url.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var query = rest.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
            {
                rest = rest[..query];
            }

            return rest.Contains(':', StringComparison.Ordinal) ? rest : rest + ":3478";
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RtcIceServer {{ Url = {Url}, Username = {Username} }}";
}
