using System.Security.Cryptography;
using System.Threading.Channels;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// Two <see cref="IWebRtcPeer"/>s from any two factories (Chromium, browser, native), the test relaying offer,
/// answer and candidates as the signaling server would.
/// </summary>
public sealed class WebRtcPeerPair : IAsyncDisposable
{
    private WebRtcPeerPair(IWebRtcPeerFactory offererFactory, IWebRtcPeerFactory answererFactory)
    {
        var offererId = NodeId.FromBytes(RandomNumberGenerator.GetBytes(NodeId.ByteLength));
        var answererId = NodeId.FromBytes(RandomNumberGenerator.GetBytes(NodeId.ByteLength));
        Offerer = new Side(this);
        Answerer = new Side(this);
        Offerer.Peer = offererFactory.Create(answererId, Offerer);
        Answerer.Peer = answererFactory.Create(offererId, Answerer);
    }

    /// <summary>The offering side.</summary>
    public Side Offerer { get; }

    /// <summary>The answering side.</summary>
    public Side Answerer { get; }

    /// <summary>Creates both peers, runs offer/answer and waits until both report Connected.</summary>
    public static async Task<WebRtcPeerPair> ConnectAsync(IWebRtcPeerFactory offererFactory, IWebRtcPeerFactory answererFactory)
    {
        var pair = new WebRtcPeerPair(offererFactory, answererFactory);
        var timeout = WebRtcPagePair.StepTimeout;
        var offer = await pair.Offerer.Peer.CreateOfferAsync(CancellationToken.None).WaitAsync(timeout);
        var answer = await pair.Answerer.Peer.AcceptOfferAsync(offer, CancellationToken.None).WaitAsync(timeout);
        await pair.Offerer.Peer.AcceptAnswerAsync(answer, CancellationToken.None).WaitAsync(timeout);
        await Task.WhenAll(pair.Offerer.Connected.Task, pair.Answerer.Connected.Task).WaitAsync(timeout);
        return pair;
    }

    /// <summary>Closes both peers.</summary>
    public async ValueTask DisposeAsync()
    {
        await Offerer.Peer.DisposeAsync();
        await Answerer.Peer.DisposeAsync();
    }

    /// <summary>One end: its peer, its state changes and its received messages.</summary>
    public sealed class Side(WebRtcPeerPair pair) : IWebRtcPeerEvents
    {
        private readonly Channel<ReadOnlyMemory<byte>> _messages = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();

        /// <summary>The peer under test.</summary>
        public IWebRtcPeer Peer { get; internal set; } = default!;

        /// <summary>Completes on Connected.</summary>
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes with the first of Closed, Failed or Disconnected.</summary>
        public TaskCompletionSource<PeerConnectionState> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Errors relaying this side's candidates (expected empty).</summary>
        public List<string> RelayErrors { get; } = [];

        /// <summary>Waits for the next received message.</summary>
        public async Task<ReadOnlyMemory<byte>> ReceiveAsync() =>
            await _messages.Reader.ReadAsync().AsTask().WaitAsync(WebRtcPagePair.StepTimeout);

        /// <inheritdoc />
        public void OnLocalCandidate(PeerSetup.Candidate candidate)
        {
            var other = ReferenceEquals(this, pair.Offerer) ? pair.Answerer : pair.Offerer;
            _ = RelayAsync(other.Peer, candidate);
        }

        /// <inheritdoc />
        public void OnStateChanged(PeerConnectionState state)
        {
            if (state == PeerConnectionState.Connected)
            {
                Connected.TrySetResult();
            }
            else if (state is PeerConnectionState.Closed or PeerConnectionState.Failed or PeerConnectionState.Disconnected)
            {
                Ended.TrySetResult(state);
            }
        }

        /// <inheritdoc />
        public void OnMessage(ReadOnlyMemory<byte> data) => _messages.Writer.TryWrite(data);

        private async Task RelayAsync(IWebRtcPeer to, PeerSetup.Candidate candidate)
        {
            try
            {
                await to.AddRemoteCandidateAsync(candidate, CancellationToken.None).WaitAsync(WebRtcPagePair.StepTimeout);
            }
            catch (Exception e) when (e is Microsoft.Playwright.PlaywrightException or ObjectDisposedException or TimeoutException)
            {
                lock (RelayErrors)
                {
                    RelayErrors.Add(e.Message);
                }
            }
        }
    }
}
