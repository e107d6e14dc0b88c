namespace Fledger.WebRtc.Sctp;

/// <summary>Receive state of one stream: the next SSN to deliver and complete ordered messages waiting for it.</summary>
internal sealed class InboundStream
{
    public ushort NextSsn { get; set; }

    public Dictionary<ushort, SctpMessage> Waiting { get; } = [];
}
