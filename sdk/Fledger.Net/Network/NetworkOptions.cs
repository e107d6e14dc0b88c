using Fledger.Net.Framing;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Network;

/// <summary>Limits and timeouts of the network layer (<see cref="NetworkHandler"/> and the WebRTC broker below it).</summary>
public sealed record NetworkOptions
{
    /// <summary>
    /// The largest data-channel message the network layer sends; bigger node messages are chunked. Default 16 KiB, the
    /// size every WebRTC implementation accepts (RFC 8831 section 6.6).
    /// </summary>
    public int MaxFrameSize { get; init; } = 16 * 1024;

    /// <summary>How long a message may wait for its connection to open before <see cref="NetworkOut.SendFailed"/>. Default 30 s.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most messages waiting for one connection to open. Default 256.</summary>
    public int MaxPendingMessages { get; init; } = 256;

    /// <summary>The most payload bytes waiting for one connection to open. Default 8 MiB.</summary>
    public long MaxPendingBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Bytes handed to a connection and not yet sent above which further messages wait in the pending queue
    /// (flow control towards the WebRTC send queue). Default 1 MiB; a bigger message still goes when nothing is in flight.
    /// </summary>
    public long SendWindowBytes { get; init; } = 1024 * 1024;

    /// <summary>Frames handed to a connection and not yet sent above which further messages wait. Default 1024.</summary>
    public int SendWindowFrames { get; init; } = 1024;

    /// <summary>
    /// Malformed frames accepted from one peer before it is disconnected. Default 16: a few bad frames can come from a
    /// peer of another version, a stream of them is garbage.
    /// </summary>
    public int MaxMalformedFrames { get; init; } = 16;

    /// <summary>
    /// The largest data-channel message accepted from a peer. A bigger one disconnects the peer at once: an honest peer
    /// chunks its messages into frames of at most its <see cref="MaxFrameSize"/>, so an oversized frame is deliberate
    /// (or a peer configured against the network). Default 64 KiB: four times the default <see cref="MaxFrameSize"/>, and
    /// the message size every data-channel implementation accepts (RFC 8841 section 6).
    /// </summary>
    public int MaxReceiveFrameSize { get; init; } = 64 * 1024;

    /// <summary>How many nodes <see cref="NetworkIn.RequestNodeList"/> asks the signaling server for. Default 64.</summary>
    public int NodeListSize { get; init; } = 64;

    /// <summary>How often timeouts are checked. Default 1 s.</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="NetworkIn.RequestStats"/> waits for every connection's stats. Default 5 s.</summary>
    public TimeSpan StatsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most bytes the partial messages of all connections may hold together. Default 64 MiB.</summary>
    public long MaxReassemblyBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Reassembly limits (message size cap, concurrent partial messages, reassembly timeout).</summary>
    public FrameAssemblerOptions Reassembly { get; init; } = FrameAssemblerOptions.Default;

    /// <summary>Options of the WebRTC broker.</summary>
    public WebRtcOptions WebRtc { get; init; } = WebRtcOptions.Default;

    /// <summary>The default options.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize, FrameCodec.MinFrameSize, nameof(MaxFrameSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SendTimeout, TimeSpan.Zero, nameof(SendTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingMessages, 1, nameof(MaxPendingMessages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingBytes, 1, nameof(MaxPendingBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMalformedFrames, 0, nameof(MaxMalformedFrames));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceiveFrameSize, MaxFrameSize, nameof(MaxReceiveFrameSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(NodeListSize, 1, nameof(NodeListSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HousekeepingInterval, TimeSpan.Zero, nameof(HousekeepingInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatsTimeout, TimeSpan.Zero, nameof(StatsTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReassemblyBytes, 1, nameof(MaxReassemblyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendWindowBytes, 1, nameof(SendWindowBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(SendWindowFrames, 1, nameof(SendWindowFrames));
        Reassembly.Validate();
        WebRtc.Validate();
        var largestMessageFrames = (Reassembly.MaxMessageSize / (MaxFrameSize - FrameCodec.ChunkHeaderLength)) + 1;
        if (SendWindowFrames + largestMessageFrames > WebRtc.MaxQueuedMessages
            || SendWindowBytes + Reassembly.MaxMessageSize + ((long)largestMessageFrames * FrameCodec.ChunkHeaderLength) > WebRtc.MaxQueuedBytes)
        {
            throw new ArgumentException("The send window plus the largest message must fit the WebRTC send queue (WebRtc.MaxQueuedMessages/Bytes).");
        }
    }
}
