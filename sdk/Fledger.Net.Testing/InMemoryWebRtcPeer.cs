using System.Globalization;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Testing;

/// <summary>
/// One in-memory peer connection. Its "SDP" is <c>inmem offer|answer &lt;peer id&gt;</c> and its one candidate is
/// <c>candidate:inmem &lt;peer id&gt;</c>; it opens when both sides set the remote description and saw the remote's
/// candidate, like ICE needing a candidate pair.
/// </summary>
internal sealed class InMemoryWebRtcPeer : IWebRtcPeer
{
    private const string OfferPrefix = "inmem offer ";
    private const string AnswerPrefix = "inmem answer ";
    private const string CandidatePrefix = "candidate:inmem ";

    private readonly InMemoryWebRtcNetwork _network;
    private readonly IWebRtcPeerEvents _events;
    private readonly DeliveryLane _lane;
    private long _bytesSent;
    private long _bytesReceived;

    public InMemoryWebRtcPeer(InMemoryWebRtcNetwork network, long id, NodeId owner, NodeId remoteNode, IWebRtcPeerEvents events)
    {
        _network = network;
        _events = events;
        Id = id;
        Owner = owner;
        RemoteNode = remoteNode;
        _lane = new DeliveryLane(network.Time, network.CountCallbackError);
    }

    public long Id { get; }

    public NodeId Owner { get; }

    public NodeId RemoteNode { get; }

    public int MaxMessageSize => _network.Options.MaxMessageSize;

    /// <summary>Guarded by the network's gate.</summary>
    internal PeerConnectionState State { get; set; } = PeerConnectionState.New;

    private long? RemotePeerId { get; set; }

    private bool HasRemoteDescription { get; set; }

    private bool SawRemoteCandidate { get; set; }

    public Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        StartGathering();
        return Task.FromResult(OfferPrefix + Id.ToString(CultureInfo.InvariantCulture));
    }

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        var remote = ParseId(offerSdp, OfferPrefix);
        lock (_network.Gate)
        {
            RemotePeerId = remote;
            HasRemoteDescription = true;
        }

        StartGathering();
        return Task.FromResult(AnswerPrefix + Id.ToString(CultureInfo.InvariantCulture));
    }

    public Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken)
    {
        var remote = ParseId(answerSdp, AnswerPrefix);
        lock (_network.Gate)
        {
            RemotePeerId = remote;
            HasRemoteDescription = true;
            TryOpenLocked();
        }

        return Task.CompletedTask;
    }

    public Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        var remote = ParseId(candidate.Value, CandidatePrefix);
        lock (_network.Gate)
        {
            if (!HasRemoteDescription)
            {
                throw new InvalidOperationException("A candidate needs the remote description first.");
            }

            if (remote == RemotePeerId)
            {
                SawRemoteCandidate = true;
                TryOpenLocked();
            }
        }

        return Task.CompletedTask;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length > MaxMessageSize)
        {
            throw new ArgumentException($"Message of {data.Length} bytes is above the max-message-size {MaxMessageSize}.", nameof(data));
        }

        InMemoryWebRtcPeer remote;
        lock (_network.Gate)
        {
            if (State != PeerConnectionState.Connected || RemotePeerId is not { } remoteId || _network.Find(remoteId) is not { } found)
            {
                throw new InvalidOperationException("The data channel is not open.");
            }

            remote = found;
        }

        Interlocked.Add(ref _bytesSent, data.Length);
        if (_network.ShouldDrop())
        {
            return;
        }

        var copy = data.ToArray();
        remote.PostMessage(copy, _network.Options.Latency);
        await remote._lane.WaitBelowAsync(_network.Options.HighWaterMark, cancellationToken);
    }

    public Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        PeerConnectionState state;
        lock (_network.Gate)
        {
            state = State;
        }

        var open = state == PeerConnectionState.Connected;
        return Task.FromResult(new ConnectionStats(
            state,
            open ? IceState.Connected : IceState.New,
            open ? DtlsState.Connected : DtlsState.New,
            open ? SctpState.Connected : SctpState.New,
            open ? CandidateType.Host : CandidateType.Unknown,
            open ? CandidateType.Host : CandidateType.Unknown,
            Interlocked.Read(ref _bytesSent),
            Interlocked.Read(ref _bytesReceived),
            open ? _network.Options.Latency * 2 : null));
    }

    public ValueTask DisposeAsync()
    {
        InMemoryWebRtcPeer? remote = null;
        lock (_network.Gate)
        {
            _network.Remove(this);
            if (State == PeerConnectionState.Closed)
            {
                return ValueTask.CompletedTask;
            }

            var wasOpen = State == PeerConnectionState.Connected;
            State = PeerConnectionState.Closed;
            if (wasOpen && RemotePeerId is { } remoteId && _network.Find(remoteId) is { } found && found.State == PeerConnectionState.Connected)
            {
                found.State = PeerConnectionState.Closed;
                remote = found;
            }
        }

        remote?.Post(_network.Options.Latency, events => events.OnStateChanged(PeerConnectionState.Closed));
        return ValueTask.CompletedTask;
    }

    internal void Post(TimeSpan delay, Action<IWebRtcPeerEvents> action) => _lane.Post(delay, () => action(_events));

    private void PostMessage(byte[] data, TimeSpan delay) => _lane.Post(delay, () => Deliver(data), data.Length);

    private void Deliver(byte[] data)
    {
        lock (_network.Gate)
        {
            if (State != PeerConnectionState.Connected)
            {
                return;
            }
        }

        Interlocked.Add(ref _bytesReceived, data.Length);
        _network.CountDelivered();
        _events.OnMessage(data);
    }

    private void StartGathering()
    {
        lock (_network.Gate)
        {
            if (State == PeerConnectionState.New)
            {
                State = PeerConnectionState.Connecting;
            }
        }

        var candidate = new PeerSetup.Candidate(CandidatePrefix + Id.ToString(CultureInfo.InvariantCulture), "0", 0);
        Post(TimeSpan.Zero, events =>
        {
            events.OnStateChanged(PeerConnectionState.Connecting);
            events.OnLocalCandidate(candidate);
        });
    }

    private void TryOpenLocked()
    {
        if (!HasRemoteDescription || !SawRemoteCandidate || State != PeerConnectionState.Connecting
            || RemotePeerId is not { } remoteId || _network.Find(remoteId) is not { } remote
            || remote.RemotePeerId != Id || !remote.HasRemoteDescription || !remote.SawRemoteCandidate
            || remote.State != PeerConnectionState.Connecting || _network.IsPartitioned(Owner, remote.Owner))
        {
            return;
        }

        State = PeerConnectionState.Connected;
        remote.State = PeerConnectionState.Connected;
        var latency = _network.Options.Latency;
        Post(latency, events => events.OnStateChanged(PeerConnectionState.Connected));
        remote.Post(latency, events => events.OnStateChanged(PeerConnectionState.Connected));
    }

    private static long ParseId(string value, string prefix)
    {
        if (!value.StartsWith(prefix, StringComparison.Ordinal)
            || !long.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new FormatException($"Not an in-memory '{prefix.Trim()}' description.");
        }

        return id;
    }
}
