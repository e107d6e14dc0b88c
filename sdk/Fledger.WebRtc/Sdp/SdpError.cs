namespace Fledger.WebRtc.Sdp;

/// <summary>A typed SDP parse error with the 1-based line number (0 when not tied to a line).</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="Line">1-based line number, or 0.</param>
/// <param name="Detail">Short human-readable detail (never echoes more than a few characters of the input).</param>
public sealed record SdpError(SdpErrorCode Code, int Line, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Code} at line {Line}: {Detail}" : $"{Code}: {Detail}";
}
