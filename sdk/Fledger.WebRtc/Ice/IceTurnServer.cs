namespace Fledger.WebRtc.Ice;

/// <summary>A TURN server entry.</summary>
/// <remarks>
/// Placeholder for the options shape only: TURN (RFC 8656) relay candidates are <b>not implemented</b>;
/// entries are accepted and ignored by <see cref="IceAgent"/> (a warning is logged).
/// </remarks>
/// <param name="Address">The server as <c>host:port</c>.</param>
/// <param name="Username">The long-term credential user name.</param>
/// <param name="Credential">The long-term credential password.</param>
public sealed record IceTurnServer(string Address, string Username, string Credential)
{
    /// <inheritdoc/>
    public override string ToString() => $"IceTurnServer {{ Address = {Address}, Username = {Username} }}";
}
