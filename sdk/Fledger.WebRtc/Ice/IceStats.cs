namespace Fledger.WebRtc.Ice;

/// <summary>Counters of an <see cref="IceAgent"/> (non-STUN data only for the byte counts, like <c>RTCIceCandidatePairStats</c>).</summary>
/// <param name="BytesSent">Data bytes sent through <see cref="IceAgent.Transport"/>.</param>
/// <param name="BytesReceived">Data bytes delivered to the transport receiver.</param>
/// <param name="DatagramsDropped">Datagrams dropped: unknown first byte, unvalidated source, bad STUN, full buffer.</param>
/// <param name="ChecksSent">Connectivity checks sent (including retransmissions and consent checks).</param>
/// <param name="RequestsReceived">Binding requests received.</param>
/// <param name="RequestsRejected">Binding requests rejected (bad credentials, malformed, role conflict).</param>
public sealed record IceStats(
    long BytesSent,
    long BytesReceived,
    long DatagramsDropped,
    long ChecksSent,
    long RequestsReceived,
    long RequestsRejected);
