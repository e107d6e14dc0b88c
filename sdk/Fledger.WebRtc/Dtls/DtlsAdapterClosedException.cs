namespace Fledger.WebRtc.Dtls;

/// <summary>Thrown into BouncyCastle's blocking receive to abort a handshake when the transport is closed.</summary>
internal sealed class DtlsAdapterClosedException : IOException
{
    public DtlsAdapterClosedException()
        : base("DTLS transport closed")
    {
    }
}
