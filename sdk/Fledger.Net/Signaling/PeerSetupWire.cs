using System.Text;

namespace Fledger.Net.Signaling;

/// <summary>
/// The JSON form of a <see cref="PeerSetup"/> on the SignalR wire: a tag (<c>offer</c>, <c>answer</c>,
/// <c>candidate</c>) and its value. Validate with <see cref="TryToPeerSetup"/>; it never throws.
/// </summary>
public sealed record PeerSetupWire(string? Kind, string? Value, string? SdpMid = null, int? SdpMLineIndex = null)
{
    /// <summary>Tag of an SDP offer.</summary>
    public const string OfferKind = "offer";

    /// <summary>Tag of an SDP answer.</summary>
    public const string AnswerKind = "answer";

    /// <summary>Tag of an ICE candidate.</summary>
    public const string CandidateKind = "candidate";

    /// <summary>Maximum length of <see cref="SdpMid"/>.</summary>
    public const int MaxSdpMidLength = 64;

    /// <summary>Converts a <see cref="PeerSetup"/> to its wire form.</summary>
    public static PeerSetupWire From(PeerSetup setup) => setup switch
    {
        PeerSetup.Offer o => new PeerSetupWire(OfferKind, o.Sdp),
        PeerSetup.Answer a => new PeerSetupWire(AnswerKind, a.Sdp),
        PeerSetup.Candidate c => new PeerSetupWire(CandidateKind, c.Value, c.SdpMid, c.SdpMLineIndex),
        _ => throw new ArgumentOutOfRangeException(nameof(setup), setup, "Unknown PeerSetup case."),
    };

    /// <summary>Size of the variable fields in UTF-8 bytes, for size caps.</summary>
    public int PayloadBytes => Encoding.UTF8.GetByteCount(Value ?? string.Empty) + Encoding.UTF8.GetByteCount(SdpMid ?? string.Empty);

    /// <summary>
    /// Validates and converts to a <see cref="PeerSetup"/>. Returns <see cref="SignalErrorCode.TooLarge"/> when the
    /// payload exceeds <paramref name="maxPayloadBytes"/> and <see cref="SignalErrorCode.Malformed"/> for a missing
    /// value, unknown kind or bad candidate fields.
    /// </summary>
    public bool TryToPeerSetup(int maxPayloadBytes, out PeerSetup? setup, out SignalErrorCode error)
    {
        setup = null;
        if ((Value?.Length ?? 0) > maxPayloadBytes || (SdpMid?.Length ?? 0) > MaxSdpMidLength || PayloadBytes > maxPayloadBytes)
        {
            error = SignalErrorCode.TooLarge;
            return false;
        }

        error = SignalErrorCode.Malformed;
        // An empty candidate is the end-of-candidates marker (as in the browser API); offers and answers need a value.
        if (Value is null || (Value.Length == 0 && Kind != CandidateKind))
        {
            return false;
        }

        switch (Kind)
        {
            case OfferKind when SdpMid is null && SdpMLineIndex is null:
                setup = new PeerSetup.Offer(Value);
                break;
            case AnswerKind when SdpMid is null && SdpMLineIndex is null:
                setup = new PeerSetup.Answer(Value);
                break;
            case CandidateKind when SdpMLineIndex is null or (>= 0 and <= ushort.MaxValue):
                setup = new PeerSetup.Candidate(Value, SdpMid, SdpMLineIndex);
                break;
            default:
                return false;
        }

        error = default;
        return true;
    }
}
