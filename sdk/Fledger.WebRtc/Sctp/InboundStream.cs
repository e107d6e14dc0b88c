namespace Fledger.WebRtc.Sctp;

/// <summary>Receive state of one stream: the next SSN to deliver and complete ordered messages waiting for it.</summary>
internal sealed class InboundStream
{
    public ushort NextSsn { get; set; }

    /// <summary>Complete messages by SSN; <c>null</c> marks a dropped (oversized) message that is skipped in order.</summary>
    public Dictionary<ushort, SctpMessage?> Waiting { get; } = [];
}
