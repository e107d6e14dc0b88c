namespace Fledger.WebRtc.Dtls;

/// <summary>Hash functions usable in an SDP <c>a=fingerprint</c> attribute.</summary>
/// <remarks>RFC 8122 §5 (hash-func names from the IANA "Hash Function Textual Names" registry).</remarks>
public enum DtlsHashAlgorithm
{
    /// <summary><c>sha-1</c> (legacy, accepted from peers).</summary>
    Sha1,

    /// <summary><c>sha-256</c>, the one every WebRTC endpoint must support and the one we send.</summary>
    Sha256,

    /// <summary><c>sha-384</c>.</summary>
    Sha384,

    /// <summary><c>sha-512</c>.</summary>
    Sha512,
}
