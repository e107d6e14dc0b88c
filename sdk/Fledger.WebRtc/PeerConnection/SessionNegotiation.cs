using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>Pure offer/answer logic: builds our descriptions and resolves the DTLS role.</summary>
/// <remarks>RFC 8829 §5.2 (initial offer), §5.3 (initial answer); RFC 8842 §5.2 (setup negotiation); RFC 8843 (BUNDLE).</remarks>
internal static class SessionNegotiation
{
    /// <summary>The mid we use in our own offers (Chromium uses "0" too).</summary>
    public const string OfferMid = "0";

    public static SdpSessionDescription BuildOffer(
        LocalSessionParameters local, ulong sessionId, ulong version, IReadOnlyList<string> candidates, bool endOfCandidates) => new()
    {
        SessionId = sessionId,
        SessionVersion = version,
        BundleMids = [OfferMid],
        Application = Media(local, OfferMid, SdpSetupRole.ActPass, candidates, endOfCandidates),
    };

    public static SdpSessionDescription BuildAnswer(
        SdpSessionDescription offer,
        LocalSessionParameters local,
        SdpSetupRole setup,
        ulong sessionId,
        ulong version,
        IReadOnlyList<string> candidates,
        bool endOfCandidates) => new()
    {
        SessionId = sessionId,
        SessionVersion = version,
        BundleMids = offer.Application.Mid is { } mid && offer.BundleMids.Contains(mid) ? [mid] : [],
        ApplicationIndex = offer.ApplicationIndex,
        OtherMedia = offer.OtherMedia.Select(m => m with { Port = 0 }).ToArray(),
        Application = Media(local, offer.Application.Mid, setup, candidates, endOfCandidates) with
        {
            Protocol = offer.Application.Protocol == "DTLS/SCTP" ? "UDP/DTLS/SCTP" : offer.Application.Protocol,
        },
    };

    /// <summary>Our <c>a=setup</c> in an answer to an offer with <paramref name="offered"/> (absent = actpass).</summary>
    public static RtcDescriptionError? AnswerSetup(SdpSetupRole? offered, out SdpSetupRole answer)
    {
        answer = offered switch
        {
            SdpSetupRole.Active => SdpSetupRole.Passive,
            SdpSetupRole.HoldConn => SdpSetupRole.HoldConn,
            _ => SdpSetupRole.Active,
        };
        return answer == SdpSetupRole.HoldConn
            ? new RtcDescriptionError(RtcDescriptionErrorCode.IncompatibleSetup, "offer has a=setup:holdconn")
            : null;
    }

    /// <summary>The DTLS role of the side whose description carries <paramref name="localSetup"/>.</summary>
    public static DtlsRole RoleOf(SdpSetupRole localSetup) => localSetup == SdpSetupRole.Active ? DtlsRole.Client : DtlsRole.Server;

    /// <summary>Our DTLS role as offerer (we sent actpass) given the answer's setup (absent = active).</summary>
    public static RtcDescriptionError? OffererRole(SdpSetupRole? answered, out DtlsRole role)
    {
        role = DtlsRole.Server;
        switch (answered)
        {
            case null or SdpSetupRole.Active:
                return null;
            case SdpSetupRole.Passive:
                role = DtlsRole.Client;
                return null;
            default:
                return new RtcDescriptionError(RtcDescriptionErrorCode.IncompatibleSetup, "an answer must have a=setup:active or passive");
        }
    }

    private static SdpApplicationMedia Media(
        LocalSessionParameters local, string? mid, SdpSetupRole setup, IReadOnlyList<string> candidates, bool endOfCandidates) => new()
    {
        Mid = mid,
        IceUfrag = local.IceUfrag,
        IcePwd = local.IcePwd,
        IceOptions = ["trickle"],
        Fingerprints = [local.Fingerprint],
        Setup = setup,
        SctpPort = local.SctpPort,
        MaxMessageSize = local.MaxMessageSize,
        Candidates = candidates,
        EndOfCandidates = endOfCandidates,
    };
}
