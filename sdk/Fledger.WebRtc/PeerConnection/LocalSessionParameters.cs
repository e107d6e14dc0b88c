using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>What our SDP says about us.</summary>
internal sealed record LocalSessionParameters(
    string IceUfrag,
    string IcePwd,
    DtlsFingerprint Fingerprint,
    long MaxMessageSize,
    int SctpPort = 5000);
