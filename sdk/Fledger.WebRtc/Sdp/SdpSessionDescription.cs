namespace Fledger.WebRtc.Sdp;

/// <summary>
/// A WebRTC data-channel session description: the subset of SDP that Chromium sends and accepts for
/// data-channel-only peer connections. Parse with <see cref="TryParse"/>, write with <see cref="ToString"/>.
/// </summary>
/// <remarks>RFC 8866 (SDP), RFC 8829 §5.2/§5.3 (JSEP offer/answer content), RFC 8841, RFC 8843 (BUNDLE).</remarks>
public sealed partial record SdpSessionDescription
{
    /// <summary><c>o=</c> session id (decimal, &lt; 2^63).</summary>
    public ulong SessionId { get; init; }

    /// <summary><c>o=</c> session version.</summary>
    public ulong SessionVersion { get; init; }

    /// <summary><c>o=</c> username (<c>-</c>).</summary>
    public string OriginUser { get; init; } = "-";

    /// <summary>Mids of <c>a=group:BUNDLE</c>, empty when absent.</summary>
    public IReadOnlyList<string> BundleMids { get; init; } = [];

    /// <summary>True when the session has <c>a=ice-lite</c>.</summary>
    public bool IceLite { get; init; }

    /// <summary>The data-channel section.</summary>
    public required SdpApplicationMedia Application { get; init; }

    /// <summary>Index of <see cref="Application"/> among all m-sections (answers keep the offer's order).</summary>
    public int ApplicationIndex { get; init; }

    /// <summary>Other m-sections (audio/video), which a data-channel endpoint rejects in its answer.</summary>
    public IReadOnlyList<SdpOtherMedia> OtherMedia { get; init; } = [];
}
