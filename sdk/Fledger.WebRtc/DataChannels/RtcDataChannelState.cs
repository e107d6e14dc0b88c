namespace Fledger.WebRtc.DataChannels;

/// <summary>The readyState of a data channel (W3C WebRTC §6.2).</summary>
public enum RtcDataChannelState
{
    /// <summary>Not yet open (association not up, or waiting for it).</summary>
    Connecting,

    /// <summary>Messages can be sent and received.</summary>
    Open,

    /// <summary>Close requested; the stream reset is in progress.</summary>
    Closing,

    /// <summary>Closed on this side.</summary>
    Closed,
}
