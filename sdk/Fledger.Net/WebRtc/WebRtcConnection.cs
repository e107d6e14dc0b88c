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
    private long _sentBytes;
    private long _sentCount;
    private int _drainRequested;
    private int _lowCount;
    private long _lowBytes;

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

    public long SentBytes => Interlocked.Read(ref _sentBytes);

    public long SentCount => Interlocked.Read(ref _sentCount);

    public void CountSent(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        Interlocked.Decrement(ref _queuedCount);
        Interlocked.Add(ref _sentBytes, bytes);
        Interlocked.Increment(ref _sentCount);
    }

    public void RequestDrainNotice(int lowCount, long lowBytes)
    {
        Volatile.Write(ref _lowCount, lowCount);
        Interlocked.Exchange(ref _lowBytes, lowBytes);
        Volatile.Write(ref _drainRequested, 1);
    }

    /// <summary>True once per request, when the queue is at or below the requested marks.</summary>
    public bool TakeDrainNotice()
        => Volatile.Read(ref _drainRequested) != 0
            && QueuedCount <= Volatile.Read(ref _lowCount)
            && QueuedBytes <= Interlocked.Read(ref _lowBytes)
            && Interlocked.Exchange(ref _drainRequested, 0) == 1;
}
