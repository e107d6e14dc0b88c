namespace Fledger.WebRtc.Dtls;

/// <summary>DTLS record content types.</summary>
/// <remarks>RFC 6347 §4.1, RFC 5246 §6.2.1, RFC 9146 (tls12_cid).</remarks>
public enum DtlsContentType : byte
{
    /// <summary>change_cipher_spec.</summary>
    ChangeCipherSpec = 20,

    /// <summary>alert.</summary>
    Alert = 21,

    /// <summary>handshake.</summary>
    Handshake = 22,

    /// <summary>application_data.</summary>
    ApplicationData = 23,

    /// <summary>tls12_cid (only with a negotiated connection id).</summary>
    ConnectionId = 25,
}
