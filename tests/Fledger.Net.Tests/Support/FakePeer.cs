using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Tests.Support;

/// <summary>A scripted platform peer: records every call; the test fires its events.</summary>
public sealed class FakePeer(NodeId remote, IWebRtcPeerEvents events) : IWebRtcPeer
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _sent = [];
    private readonly SemaphoreSlim _sentSignal = new(0);

    public NodeId Remote { get; } = remote;

    public IWebRtcPeerEvents Events { get; } = events;

    public List<string> Calls { get; } = [];

    public List<PeerSetup.Candidate> RemoteCandidates { get; } = [];

    public bool Disposed { get; private set; }

    public int MaxMessageSize => 64 * 1024;

    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        Calls.Add("offer");
        return Task.FromResult("offer-sdp");
    }

    public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        Calls.Add("accept-offer:" + offerSdp);
        return Task.FromResult("answer-sdp");
    }

    public Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken)
    {
        Calls.Add("accept-answer:" + answerSdp);
        return Task.CompletedTask;
    }

    public Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        Calls.Add("candidate:" + candidate.Value);
        RemoteCandidates.Add(candidate);
        return Task.CompletedTask;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(data.ToArray());
        }

        _sentSignal.Release();
        return ValueTask.CompletedTask;
    }

    public async Task<IReadOnlyList<byte[]>> WaitSentAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Sent.Count < count)
        {
            await _sentSignal.WaitAsync(cts.Token);
        }

        return Sent;
    }

    public Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
        => Task.FromResult(ConnectionStats.None with { Connection = PeerConnectionState.Connected, BytesSent = Sent.Sum(s => s.Length) });

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Creates <see cref="FakePeer"/>s and keeps them for the test.</summary>
public sealed class FakePeerFactory : IWebRtcPeerFactory
{
    public List<FakePeer> Peers { get; } = [];

    public FakePeer Last => Peers[^1];

    public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events)
    {
        var peer = new FakePeer(remote, events);
        Peers.Add(peer);
        return peer;
    }
}
