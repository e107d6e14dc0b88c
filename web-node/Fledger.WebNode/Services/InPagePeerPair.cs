using System.Security.Cryptography;
using System.Threading.Channels;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.WebNode.Services;

/// <summary>
/// Two <see cref="IWebRtcPeer"/>s in this page, the pair itself relaying offer, answer and candidates
/// as the signaling server would. Used by the chat loopback and the diagnostics page.
/// </summary>
public sealed class InPagePeerPair : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private readonly Side _offerer;
    private readonly Side _answerer;
    private readonly TimeProvider _time;

    /// <summary>Creates both peers; nothing happens until <see cref="ConnectAsync"/>.</summary>
    public InPagePeerPair(IWebRtcPeerFactory factory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _time = time;
        var offererId = NodeId.FromBytes(RandomNumberGenerator.GetBytes(NodeId.ByteLength));
        var answererId = NodeId.FromBytes(RandomNumberGenerator.GetBytes(NodeId.ByteLength));
        _offerer = new Side(this);
        _answerer = new Side(this);
        _offerer.Peer = factory.Create(answererId, _offerer);
        _answerer.Peer = factory.Create(offererId, _answerer);
    }

    /// <summary>The side that offers.</summary>
    public Side Offerer => _offerer;

    /// <summary>The side that answers.</summary>
    public Side Answerer => _answerer;

    /// <summary>Candidates that could not be relayed (expected empty).</summary>
    public List<string> RelayErrors { get; } = [];

    /// <summary>Runs offer/answer and waits until both sides report <see cref="PeerConnectionState.Connected"/>.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var offer = await _offerer.Peer.CreateOfferAsync(cancellationToken);
        var answer = await _answerer.Peer.AcceptOfferAsync(offer, cancellationToken);
        await _offerer.Peer.AcceptAnswerAsync(answer, cancellationToken);
        await Task.WhenAll(_offerer.Connected.Task, _answerer.Connected.Task)
            .WaitAsync(ConnectTimeout, _time, cancellationToken);
    }

    /// <summary>Closes both peers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _offerer.Peer.DisposeAsync();
        await _answerer.Peer.DisposeAsync();
    }

    private async Task RelayAsync(Side from, PeerSetup.Candidate candidate)
    {
        var to = ReferenceEquals(from, _offerer) ? _answerer : _offerer;
        try
        {
            await to.Peer.AddRemoteCandidateAsync(candidate, CancellationToken.None);
        }
        catch (Exception e) when (e is Microsoft.JSInterop.JSException or ObjectDisposedException)
        {
            RelayErrors.Add(e.Message);
        }
    }

    /// <summary>One end of the pair: its peer, its states and the messages it received.</summary>
    public sealed class Side(InPagePeerPair pair) : IWebRtcPeerEvents
    {
        private readonly Channel<ReadOnlyMemory<byte>> _messages =
            Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(4096) { SingleReader = true });

        /// <summary>The platform peer.</summary>
        public IWebRtcPeer Peer { get; internal set; } = default!;

        /// <summary>Completes on <see cref="PeerConnectionState.Connected"/>.</summary>
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes on Closed, Failed or Disconnected.</summary>
        public TaskCompletionSource<PeerConnectionState> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Messages received (bounded; the oldest wait when full).</summary>
        public ChannelReader<ReadOnlyMemory<byte>> Messages => _messages.Reader;

        /// <summary>Raised for every message as it arrives.</summary>
        public event EventHandler<ReadOnlyMemory<byte>>? MessageReceived;

        /// <inheritdoc />
        public void OnLocalCandidate(PeerSetup.Candidate candidate) => _ = pair.RelayAsync(this, candidate);

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
        public void OnMessage(ReadOnlyMemory<byte> data)
        {
            _messages.Writer.TryWrite(data);
            MessageReceived?.Invoke(this, data);
        }
    }
}
