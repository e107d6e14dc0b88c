namespace Fledger.WebRtc.Sctp;

/// <summary>The SCTP common header (RFC 9260 §3.1) without the checksum.</summary>
public readonly record struct SctpCommonHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag);
