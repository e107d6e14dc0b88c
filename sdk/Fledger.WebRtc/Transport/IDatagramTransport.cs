namespace Fledger.WebRtc.Transport;

/// <summary>
/// A bidirectional datagram path. The layers of the managed stack are stacked on it:
/// the ICE agent exposes the selected candidate pair as one (non-STUN datagrams only),
/// DTLS consumes one and exposes the decrypted application data as another, and SCTP runs on that.
/// Tests use an in-memory link that can drop, reorder, duplicate and delay datagrams.
/// </summary>
public interface IDatagramTransport
{
    /// <summary>The largest datagram <see cref="SendAsync"/> accepts, in bytes.</summary>
    int MaxDatagramSize { get; }

    /// <summary>
    /// Sends one datagram. Completes synchronously in the common case. A transport that is closed
    /// drops the datagram silently (datagram semantics); callers learn of closure from their own state.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the single receiver. It is called once per received datagram on the transport's own receive
    /// loop; the span is only valid during the call (copy what you keep). Passing <c>null</c> detaches.
    /// Datagrams that arrive while no receiver is set are buffered up to a small bound, then dropped.
    /// </summary>
    void SetReceiver(DatagramReceiver? receiver);
}
