using Fledger.Core.Identity;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Testing;

/// <summary>
/// An in-memory stand-in for the network between many nodes' WebRTC stacks in one process: peers created by
/// <see cref="CreateFactory"/> exchange offers, answers and candidates (through whatever signaling the test wires),
/// open when both sides have the remote description and a remote candidate, and deliver data-channel messages in
/// order after <see cref="InMemoryNetworkOptions.Latency"/> on the injected clock. Nodes can be partitioned.
/// </summary>
public sealed class InMemoryWebRtcNetwork
{
    private readonly Dictionary<long, InMemoryWebRtcPeer> _peers = [];
    private readonly HashSet<(NodeId, NodeId)> _partitions = [];
    private readonly Random _random;
    private long _nextPeerId;
    private long _dropped;
    private long _delivered;
    private long _callbackErrors;

    /// <summary>Creates a network on <paramref name="time"/> (the system clock when null).</summary>
    public InMemoryWebRtcNetwork(TimeProvider? time = null, InMemoryNetworkOptions? options = null)
    {
        Time = time ?? TimeProvider.System;
        Options = options ?? InMemoryNetworkOptions.Default;
        _random = new Random(Options.Seed);
    }

    /// <summary>The clock that drives latency.</summary>
    public TimeProvider Time { get; }

    /// <summary>The network's behaviour.</summary>
    public InMemoryNetworkOptions Options { get; }

    internal Lock Gate { get; } = new();

    /// <summary>Peers not yet disposed.</summary>
    public int LivePeerCount
    {
        get
        {
            lock (Gate)
            {
                return _peers.Count;
            }
        }
    }

    /// <summary>Peers whose data channel is open.</summary>
    public int ConnectedPeerCount
    {
        get
        {
            lock (Gate)
            {
                return _peers.Values.Count(p => p.State == PeerConnectionState.Connected);
            }
        }
    }

    /// <summary>Peers ever created.</summary>
    public long PeersCreated => Interlocked.Read(ref _nextPeerId);

    /// <summary>Messages lost to <see cref="InMemoryNetworkOptions.DropProbability"/>.</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages delivered to a receiving peer's events.</summary>
    public long MessagesDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Exceptions thrown by event callbacks (a correct receiver throws none).</summary>
    public long CallbackErrors => Interlocked.Read(ref _callbackErrors);

    /// <summary>The peer factory of node <paramref name="owner"/>.</summary>
    public IWebRtcPeerFactory CreateFactory(NodeId owner) => new Factory(this, owner);

    /// <summary>Cuts <paramref name="a"/> from <paramref name="b"/>: open connections between them fail, new ones never open.</summary>
    public void Partition(NodeId a, NodeId b)
    {
        List<InMemoryWebRtcPeer> failed;
        lock (Gate)
        {
            _partitions.Add(Key(a, b));
            failed = [.. _peers.Values.Where(p => p.State == PeerConnectionState.Connected && Key(p.Owner, p.RemoteNode) == Key(a, b))];
            foreach (var peer in failed)
            {
                peer.State = PeerConnectionState.Failed;
            }
        }

        foreach (var peer in failed)
        {
            peer.Post(TimeSpan.Zero, events => events.OnStateChanged(PeerConnectionState.Failed));
        }
    }

    /// <summary>Lifts a <see cref="Partition"/>.</summary>
    public void Heal(NodeId a, NodeId b)
    {
        lock (Gate)
        {
            _partitions.Remove(Key(a, b));
        }
    }

    internal bool IsPartitioned(NodeId a, NodeId b) => _partitions.Contains(Key(a, b));

    internal InMemoryWebRtcPeer? Find(long id) => _peers.GetValueOrDefault(id);

    internal void Remove(InMemoryWebRtcPeer peer) => _peers.Remove(peer.Id);

    internal bool ShouldDrop()
    {
        if (Options.DropProbability <= 0)
        {
            return false;
        }

        lock (_random)
        {
            if (_random.NextDouble() >= Options.DropProbability)
            {
                return false;
            }
        }

        Interlocked.Increment(ref _dropped);
        return true;
    }

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal void CountCallbackError(Exception exception)
    {
        _ = exception;
        Interlocked.Increment(ref _callbackErrors);
    }

    private static (NodeId, NodeId) Key(NodeId a, NodeId b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private InMemoryWebRtcPeer Create(NodeId owner, NodeId remote, IWebRtcPeerEvents events)
    {
        lock (Gate)
        {
            var peer = new InMemoryWebRtcPeer(this, Interlocked.Increment(ref _nextPeerId), owner, remote, events);
            _peers.Add(peer.Id, peer);
            return peer;
        }
    }

    private sealed class Factory(InMemoryWebRtcNetwork network, NodeId owner) : IWebRtcPeerFactory
    {
        public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events) => network.Create(owner, remote, events);
    }
}
