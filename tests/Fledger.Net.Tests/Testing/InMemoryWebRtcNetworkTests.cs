using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.Testing;
using Fledger.Net.Tests.Support;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Net.Tests.Testing;

public sealed class InMemoryWebRtcNetworkTests
{
    private static readonly NodeId A = TestIds.Of(1);
    private static readonly NodeId B = TestIds.Of(2);

    [Fact]
    public async Task Latency_OnFakeClock_DeliversOnlyAfterTheDelay()
    {
        var time = new FakeTimeProvider();
        var network = new InMemoryWebRtcNetwork(time, new InMemoryNetworkOptions { Latency = TimeSpan.FromMilliseconds(100) });
        var (offerer, answerer, eventsA, eventsB) = await OpenAsync(network, time);

        await offerer.SendAsync(new byte[] { 5 }, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(eventsB.Messages);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([5], Assert.Single(eventsB.Messages));
        Assert.Equal(1, network.MessagesDelivered);
        await offerer.DisposeAsync();
        await answerer.DisposeAsync();
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(PeerConnectionState.Closed, eventsB.States[^1]);
        Assert.DoesNotContain(PeerConnectionState.Closed, eventsA.States);
    }

    [Fact]
    public async Task DropProbability_One_LosesEveryMessage()
    {
        var time = new FakeTimeProvider();
        var network = new InMemoryWebRtcNetwork(time, new InMemoryNetworkOptions { DropProbability = 1, Latency = TimeSpan.FromMilliseconds(1) });
        var (offerer, _, _, eventsB) = await OpenAsync(network, time);

        for (var i = 0; i < 10; i++)
        {
            await offerer.SendAsync(new byte[] { 1 }, CancellationToken.None);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(eventsB.Messages);
        Assert.Equal(10, network.MessagesDropped);
    }

    [Fact]
    public async Task SendAsync_AboveMaxMessageSize_Throws()
    {
        var time = new FakeTimeProvider();
        var network = new InMemoryWebRtcNetwork(time, new InMemoryNetworkOptions { MaxMessageSize = 10, Latency = TimeSpan.FromMilliseconds(1) });
        var (offerer, _, _, _) = await OpenAsync(network, time);

        await Assert.ThrowsAsync<ArgumentException>(async () => await offerer.SendAsync(new byte[11], CancellationToken.None));
    }

    [Fact]
    public async Task AddRemoteCandidate_BeforeRemoteDescription_Throws()
    {
        var network = new InMemoryWebRtcNetwork(new FakeTimeProvider());
        var peer = network.CreateFactory(A).Create(B, new RecordingEvents());

        await Assert.ThrowsAsync<InvalidOperationException>(() => peer.AddRemoteCandidateAsync(new PeerSetup.Candidate("candidate:inmem 9", "0", 0), CancellationToken.None));
    }

    /// <summary>Runs offer/answer/candidates by hand on a fake clock with non-zero latency (timers, no thread pool).</summary>
    private static async Task<(IWebRtcPeer Offerer, IWebRtcPeer Answerer, RecordingEvents EventsA, RecordingEvents EventsB)> OpenAsync(
        InMemoryWebRtcNetwork network, FakeTimeProvider time)
    {
        var eventsA = new RecordingEvents();
        var eventsB = new RecordingEvents();
        var offerer = network.CreateFactory(A).Create(B, eventsA);
        var answerer = network.CreateFactory(B).Create(A, eventsB);
        var offer = await offerer.CreateOfferAsync(CancellationToken.None);
        var answer = await answerer.AcceptOfferAsync(offer, CancellationToken.None);
        await offerer.AcceptAnswerAsync(answer, CancellationToken.None);
        await eventsA.WaitCandidateAsync();
        await eventsB.WaitCandidateAsync();
        await answerer.AddRemoteCandidateAsync(eventsA.Candidates[0], CancellationToken.None);
        await offerer.AddRemoteCandidateAsync(eventsB.Candidates[0], CancellationToken.None);
        time.Advance(network.Options.Latency);
        Assert.Equal(PeerConnectionState.Connected, eventsA.States[^1]);
        Assert.Equal(PeerConnectionState.Connected, eventsB.States[^1]);
        return (offerer, answerer, eventsA, eventsB);
    }

    private sealed class RecordingEvents : IWebRtcPeerEvents
    {
        private readonly SemaphoreSlim _candidate = new(0);

        public List<PeerSetup.Candidate> Candidates { get; } = [];

        public List<PeerConnectionState> States { get; } = [];

        public List<byte[]> Messages { get; } = [];

        public void OnLocalCandidate(PeerSetup.Candidate candidate)
        {
            lock (Candidates)
            {
                Candidates.Add(candidate);
            }

            _candidate.Release();
        }

        public void OnStateChanged(PeerConnectionState state)
        {
            lock (States)
            {
                States.Add(state);
            }
        }

        public void OnMessage(ReadOnlyMemory<byte> data)
        {
            lock (Messages)
            {
                Messages.Add(data.ToArray());
            }
        }

        public async Task WaitCandidateAsync() => Assert.True(await _candidate.WaitAsync(TimeSpan.FromSeconds(10)), "no local candidate");
    }
}
