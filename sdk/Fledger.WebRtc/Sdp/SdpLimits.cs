namespace Fledger.WebRtc.Sdp;

/// <summary>Size caps applied by <see cref="SdpSessionDescription.TryParse"/>.</summary>
public static class SdpLimits
{
    /// <summary>Largest accepted SDP text, in characters (a data-channel offer with candidates is ~1–3 KB).</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Most lines accepted.</summary>
    public const int MaxLines = 1024;

    /// <summary>Longest accepted line.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>Most candidates accepted in one description.</summary>
    public const int MaxCandidates = 128;

    /// <summary>Longest candidate attribute value.</summary>
    public const int MaxCandidateLength = 1024;
}
