namespace Fledger.WebRtc.Dtls;

/// <summary>Which end of the DTLS handshake this endpoint plays (from SDP <c>a=setup</c>).</summary>
/// <remarks>RFC 8842 §5: <c>active</c> = DTLS client, <c>passive</c> = DTLS server.</remarks>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (<c>a=setup:passive</c>, or the offerer's <c>actpass</c> when answered <c>active</c>).</summary>
    Server,
}
