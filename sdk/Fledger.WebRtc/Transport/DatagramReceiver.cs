namespace Fledger.WebRtc.Transport;

/// <summary>Receives one datagram; the span is only valid during the call.</summary>
public delegate void DatagramReceiver(ReadOnlySpan<byte> datagram);
