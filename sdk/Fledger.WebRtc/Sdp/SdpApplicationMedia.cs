using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Sdp;

/// <summary>The data-channel media section: <c>m=application 9 UDP/DTLS/SCTP webrtc-datachannel</c> and its attributes.</summary>
/// <remarks>RFC 8841 §5 (SCTP-over-DTLS m-line, sctp-port, max-message-size), RFC 8839 §5 (ICE attributes),
/// RFC 8122 §5 (fingerprint), RFC 8842 (setup), RFC 8843 (mid/BUNDLE).</remarks>
public sealed record SdpApplicationMedia
{
    /// <summary>Default <c>a=max-message-size</c> when absent (RFC 8841 §6.1).</summary>
    public const long DefaultMaxMessageSize = 65536;

    /// <summary>The m-line port (9 = discard, as browsers send with trickle ICE; 0 = rejected).</summary>
    public int Port { get; init; } = 9;

    /// <summary>The m-line protocol (<c>UDP/DTLS/SCTP</c>; also <c>TCP/DTLS/SCTP</c> or legacy <c>DTLS/SCTP</c>).</summary>
    public string Protocol { get; init; } = "UDP/DTLS/SCTP";

    /// <summary>The m-line format (<c>webrtc-datachannel</c>; the SCTP port for legacy <c>DTLS/SCTP</c>).</summary>
    public string Format { get; init; } = "webrtc-datachannel";

    /// <summary>The <c>c=</c> value (<c>IN IP4 0.0.0.0</c>).</summary>
    public string Connection { get; init; } = "IN IP4 0.0.0.0";

    /// <summary><c>a=mid</c>, or null when absent.</summary>
    public string? Mid { get; init; }

    /// <summary><c>a=ice-ufrag</c> (4–256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary><c>a=ice-pwd</c> (22–256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary><c>a=ice-options</c> tokens (e.g. <c>trickle</c>).</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary>Fingerprints with a supported hash function (at least one).</summary>
    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }

    /// <summary><c>a=setup</c>, or null when absent (then RFC 8842 §5.2 defaults apply: actpass in offers, active in answers).</summary>
    public SdpSetupRole? Setup { get; init; }

    /// <summary><c>a=sctp-port</c> (default 5000).</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary><c>a=max-message-size</c> as sent, or null when absent. 0 means "no limit" (RFC 8841 §6.1).</summary>
    public long? MaxMessageSize { get; init; }

    /// <summary>Candidate attribute values (<c>candidate:...</c>, without the <c>a=</c>).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>True when <c>a=end-of-candidates</c> was present.</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>The largest message the peer accepts: the attribute, 65536 when absent, <see cref="long.MaxValue"/> for 0.</summary>
    public long EffectiveMaxMessageSize => MaxMessageSize switch
    {
        null => DefaultMaxMessageSize,
        0 => long.MaxValue,
        var size => size.Value,
    };

    /// <summary>The preferred fingerprint (sha-256 when present, else the strongest).</summary>
    public DtlsFingerprint PreferredFingerprint =>
        Fingerprints.FirstOrDefault(f => f.Algorithm == DtlsHashAlgorithm.Sha256) ?? Fingerprints.MaxBy(f => f.Algorithm)!;
}
