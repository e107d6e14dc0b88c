using Fledger.Net.Framing;

namespace Fledger.Net.Network;

/// <summary>The network handler's view of one remote node. Only the handler's processing flow touches it.</summary>
internal sealed class NetworkPeer(FrameAssembler assembler, long created)
{
    /// <summary>When this entry was made (the connection was asked for or reported).</summary>
    public long Created { get; } = created;

    public bool IsConnected { get; set; }

    /// <summary>Messages waiting for the connection to open, with the timestamp they were queued at.</summary>
    public Queue<(NodeMessage Message, long Queued)> Pending { get; } = new();

    public long PendingBytes { get; set; }

    public FrameAssembler Assembler { get; } = assembler;

    public int MalformedFrames { get; set; }

    /// <summary>Set when the peer was disconnected for garbage: its remaining frames are ignored.</summary>
    public bool Banned { get; set; }

    /// <summary>Frames handed to the WebRTC broker on this connection (for the send window).</summary>
    public long HandedFrames { get; set; }

    /// <summary>Bytes handed to the WebRTC broker on this connection.</summary>
    public long HandedBytes { get; set; }
}
