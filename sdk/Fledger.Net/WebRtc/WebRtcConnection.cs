using System.Threading.Channels;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>Which side of the offer/answer exchange a connection is.</summary>
internal enum WebRtcRole
{
    Offerer,
    Answerer,
}

/// <summary>
/// The state of one connection of the <see cref="WebRtcHandler"/>. Only the handler's processing flow touches it,
/// except the send counters, which the send pump decrements.
/// </summary>
internal sealed class WebRtcConnection
{
    private long _queuedBytes;
    private int _queuedCount;

    public WebRtcConnection(NodeId remote, WebRtcRole role, long generation, IWebRtcPeer peer)
    {
        Remote = remote;
        Role = role;
        Generation = generation;
        Peer = peer;
    }

    public NodeId Remote { get; }

    public WebRtcRole Role { get; set; }

    public long Generation { get; set; }

    public IWebRtcPeer Peer { get; set; }

    public bool IsConnected { get; set; }

    public bool RemoteDescriptionSet { get; set; }

    public bool LocalDescriptionSent { get; set; }

    /// <summary>After refusing a crossing offer (glare), candidates of that offer are dropped until our answer comes.</summary>
    public bool DiscardRemoteCandidates { get; set; }

    public List<PeerSetup.Candidate> PendingRemoteCandidates { get; } = [];

    public List<PeerSetup.Candidate> PendingLocalCandidates { get; } = [];

    /// <summary>Messages to send, in order; read by the send pump once the connection is open.</summary>
    public Channel<ReadOnlyMemory<byte>> Outbox { get; } = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public CancellationTokenSource Closing { get; } = new();

    public ITimer? ConnectTimer { get; set; }

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public int QueuedCount => Volatile.Read(ref _queuedCount);

    public void CountQueued(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, bytes);
        Interlocked.Increment(ref _queuedCount);
    }

    public void CountSent(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        Interlocked.Decrement(ref _queuedCount);
    }
}
