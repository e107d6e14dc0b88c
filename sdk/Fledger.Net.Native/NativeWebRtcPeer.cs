using System.Runtime.Versioning;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Native;

/// <summary>
/// An <see cref="IWebRtcPeer"/> over the managed <see cref="RtcPeerConnection"/> (ICE, DTLS 1.2, SCTP, DCEP in this
/// repository): one reliable ordered data channel named <see cref="ChannelLabel"/>, opened in-band by the offerer.
/// Stack events (raised on the stack's threads) are passed on to <see cref="IWebRtcPeerEvents"/> at once.
/// </summary>
/// <remarks>
/// The offerer creates the channel before its offer, so the offer carries the SCTP application m-line (RFC 8841);
/// the answerer receives it through DCEP (RFC 8832). <see cref="IWebRtcPeerEvents.OnStateChanged"/> reports
/// <see cref="PeerConnectionState.Connected"/> when the channel is open, not when DTLS is.
/// </remarks>
[UnsupportedOSPlatform("browser")]
public sealed partial class NativeWebRtcPeer : IWebRtcPeer
{
    /// <summary>The label of the data channel Fledger nodes open.</summary>
    public const string ChannelLabel = "fledger";

    private readonly RtcPeerConnection _connection;
    private readonly IWebRtcPeerEvents _events;
    private readonly ILogger _logger;
    private readonly long _highWaterMark;
    private RtcDataChannel? _channel;
    private int _opened;
    private int _closed;

    /// <summary>Creates a peer over a new <see cref="RtcPeerConnection"/> with <paramref name="configuration"/>.</summary>
    public NativeWebRtcPeer(RtcConfiguration configuration, IWebRtcPeerEvents events, ILogger<NativeWebRtcPeer> logger, long highWaterMark = 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
        _logger = logger;
        _highWaterMark = highWaterMark;
        _connection = new RtcPeerConnection(configuration);
        _connection.IceCandidate += OnIceCandidate;
        _connection.ConnectionStateChanged += OnConnectionStateChanged;
        _connection.DataChannel += OnRemoteChannel;
    }

    /// <inheritdoc />
    public int MaxMessageSize => (int)Math.Min(_connection.RemoteMaxMessageSize, int.MaxValue);

    /// <inheritdoc />
    public async Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        // Completes once the SCTP association exists (after DTLS): do not wait for it here.
        var channel = _connection.CreateDataChannelAsync(ChannelLabel, new RtcDataChannelInit(), CancellationToken.None);
        _ = channel.ContinueWith(
            static (task, state) => ((NativeWebRtcPeer)state!).OnLocalChannel(task),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        var offer = await _connection.CreateOfferAsync(cancellationToken);
        ThrowIfError(await _connection.SetLocalDescriptionAsync(offer, cancellationToken));
        return offer.Sdp;
    }

    /// <inheritdoc />
    public async Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        ThrowIfError(await _connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offerSdp), cancellationToken));
        var answer = await _connection.CreateAnswerAsync(cancellationToken);
        ThrowIfError(await _connection.SetLocalDescriptionAsync(answer, cancellationToken));
        return answer.Sdp;
    }

    /// <inheritdoc />
    public async Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken)
        => ThrowIfError(await _connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answerSdp), cancellationToken));

    /// <inheritdoc />
    public async Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!await _connection.AddIceCandidateAsync(new RtcIceCandidateInit(candidate.Value, candidate.SdpMid, candidate.SdpMLineIndex), cancellationToken))
        {
            Log.CandidateRefused(_logger);
        }
    }

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var channel = Volatile.Read(ref _channel) ?? throw new InvalidOperationException("The data channel is not open.");
        return new ValueTask(channel.SendAsync(data, _highWaterMark, cancellationToken));
    }

    /// <inheritdoc />
    public Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
        => Task.FromResult(NativeStats.From(_connection.GetStats(), Volatile.Read(ref _opened) != 0));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        _connection.IceCandidate -= OnIceCandidate;
        _connection.ConnectionStateChanged -= OnConnectionStateChanged;
        _connection.DataChannel -= OnRemoteChannel;
        await _connection.DisposeAsync();
    }

    private static void ThrowIfError(RtcDescriptionError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Session description refused: {error}");
        }
    }

    /// <summary>Trickles each local candidate, and the end-of-candidates marker as an empty candidate (RFC 8838 §8.2).</summary>
    private void OnIceCandidate(RtcIceCandidateInit candidate) =>
        _events.OnLocalCandidate(new PeerSetup.Candidate(candidate.IsEndOfCandidates ? string.Empty : candidate.Candidate, candidate.SdpMid, candidate.SdpMLineIndex));

    private void OnConnectionStateChanged(RtcPeerConnectionState state)
    {
        switch (state)
        {
            case RtcPeerConnectionState.Connecting:
                _events.OnStateChanged(PeerConnectionState.Connecting);
                break;
            case RtcPeerConnectionState.Disconnected:
                _events.OnStateChanged(PeerConnectionState.Disconnected);
                break;
            case RtcPeerConnectionState.Failed:
                ReportClosed(PeerConnectionState.Failed);
                break;
            case RtcPeerConnectionState.Closed:
                ReportClosed(PeerConnectionState.Closed);
                break;
        }
    }

    private void OnLocalChannel(Task<RtcDataChannel> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            Attach(task.Result);
        }
        else if (Volatile.Read(ref _closed) == 0)
        {
            Log.ChannelFailed(_logger, task.Exception?.GetBaseException());
            ReportClosed(PeerConnectionState.Failed);
        }
    }

    private void OnRemoteChannel(RtcDataChannel channel)
    {
        if (channel.Label == ChannelLabel && Interlocked.CompareExchange(ref _channel, channel, null) is null)
        {
            Attach(channel);
        }
    }

    private void Attach(RtcDataChannel channel)
    {
        Volatile.Write(ref _channel, channel);
        channel.Opened += _ => ReportOpen();
        channel.MessageReceived += (_, message) => _events.OnMessage(message.Data);
        channel.Closed += _ => ReportClosed(PeerConnectionState.Closed);
        switch (channel.ReadyState)
        {
            case RtcDataChannelState.Open:
                ReportOpen();
                break;
            case RtcDataChannelState.Closing or RtcDataChannelState.Closed:
                ReportClosed(PeerConnectionState.Closed);
                break;
        }
    }

    private void ReportOpen()
    {
        if (Interlocked.Exchange(ref _opened, 1) == 0)
        {
            _events.OnStateChanged(PeerConnectionState.Connected);
        }
    }

    private void ReportClosed(PeerConnectionState state)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _events.OnStateChanged(state);
        }
    }
}
