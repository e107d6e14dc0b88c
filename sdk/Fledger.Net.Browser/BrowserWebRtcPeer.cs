using System.Text;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Browser;

/// <summary>
/// The browser's <see cref="IWebRtcPeer"/>: one RTCPeerConnection with one reliable ordered data
/// channel labelled <see cref="ChannelLabel"/>, opened in-band (DCEP, RFC 8832) by the offerer.
/// </summary>
/// <remarks>
/// The JS peer is created on the first offer or accepted offer. Sends wait while the browser holds
/// more than <see cref="HighWaterMark"/> bytes, until bufferedAmount falls to <see cref="LowWaterMark"/>.
/// </remarks>
public sealed partial class BrowserWebRtcPeer : IWebRtcPeer
{
    /// <summary>Label of the data channel both implementations use.</summary>
    public const string ChannelLabel = "fledger";

    /// <summary>Above this many buffered bytes <see cref="SendAsync"/> waits.</summary>
    public const long HighWaterMark = 1024 * 1024;

    /// <summary>Sends resume when the buffered bytes fall to this.</summary>
    public const long LowWaterMark = 256 * 1024;

    private const int DefaultMaxMessageSize = 65536;
    private readonly BrowserWebRtc _webRtc;
    private readonly PeerConnectionConfig _config;
    private readonly IWebRtcPeerEvents _events;
    private readonly ILogger _logger;
    private Task<BrowserPeerConnection>? _peer;
    private BrowserDataChannel? _channel;
    private TaskCompletionSource? _drained;
    private PeerConnectionState _state = PeerConnectionState.New;
    private long _buffered;
    private bool _thresholdSet;
    private bool _disposed;

    internal BrowserWebRtcPeer(BrowserWebRtc webRtc, PeerConnectionConfig config, NodeId remote,
        IWebRtcPeerEvents events, ILogger logger)
    {
        _webRtc = webRtc;
        _config = config;
        Remote = remote;
        _events = events;
        _logger = logger;
    }

    /// <summary>The remote node.</summary>
    public NodeId Remote { get; }

    /// <inheritdoc />
    public int MaxMessageSize { get; private set; } = DefaultMaxMessageSize;

    /// <inheritdoc />
    public async Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        var peer = await EnsurePeerAsync(cancellationToken);
        Attach(await peer.CreateDataChannelAsync(ChannelLabel, DataChannelOptions.Default, cancellationToken));
        var offer = await peer.CreateOfferAsync(cancellationToken);
        Report(PeerConnectionState.Connecting);
        return offer.Sdp;
    }

    /// <inheritdoc />
    public async Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offerSdp);
        var peer = await EnsurePeerAsync(cancellationToken);
        await peer.SetRemoteDescriptionAsync(new SessionDescription("offer", offerSdp), cancellationToken);
        var answer = await peer.CreateAnswerAsync(cancellationToken);
        await UpdateMaxMessageSizeAsync(peer, cancellationToken);
        Report(PeerConnectionState.Connecting);
        return answer.Sdp;
    }

    /// <inheritdoc />
    public async Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answerSdp);
        var peer = await EnsurePeerAsync(cancellationToken);
        await peer.SetRemoteDescriptionAsync(new SessionDescription("answer", answerSdp), cancellationToken);
        await UpdateMaxMessageSizeAsync(peer, cancellationToken);
    }

    /// <inheritdoc />
    public async Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var peer = await EnsurePeerAsync(cancellationToken);
        await peer.AddIceCandidateAsync(new IceCandidateInit(candidate.Value, candidate.SdpMid, candidate.SdpMLineIndex),
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_channel is not { ReadyState: "open" } channel)
        {
            throw new InvalidOperationException("The data channel is not open; wait for Connected before sending.");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxMessageSize);
        if (_buffered > HighWaterMark)
        {
            await WaitDrainedAsync(channel, cancellationToken);
        }
        _buffered = await channel.SendAsync(data, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        if (_peer is not { IsCompletedSuccessfully: true } || _disposed)
        {
            return ConnectionStats.None with { Connection = _state };
        }
        var stats = await _peer.Result.GetStatsAsync(cancellationToken);
        return StatsMapper.ToConnectionStats(stats, _state);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _drained?.TrySetCanceled();
        if (_peer is { IsCompletedSuccessfully: true })
        {
            await _peer.Result.DisposeAsync();
        }
    }

    private Task<BrowserPeerConnection> EnsurePeerAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_peer is null || _peer.IsFaulted || _peer.IsCanceled)
        {
            _peer = CreatePeerAsync(cancellationToken);
        }
        return _peer;
    }

    private async Task<BrowserPeerConnection> CreatePeerAsync(CancellationToken cancellationToken)
    {
        var peer = await _webRtc.CreatePeerAsync(_config, cancellationToken);
        peer.IceCandidate += (_, c) =>
        {
            if (!_disposed)
            {
                _events.OnLocalCandidate(new PeerSetup.Candidate(c.Candidate, c.SdpMid, c.SdpMLineIndex));
            }
        };
        peer.IceGatheringComplete += (_, _) =>
        {
            if (!_disposed)
            {
                // End-of-candidates (RFC 8838 §8.2): the peer adds it as the browser API's empty candidate.
                _events.OnLocalCandidate(new PeerSetup.Candidate(string.Empty, "0", 0));
            }
        };
        peer.ConnectionStateChanged += (_, state) => OnConnectionState(state);
        peer.DataChannel += (_, channel) =>
        {
            if (channel.Label == ChannelLabel && _channel is null)
            {
                Attach(channel);
            }
            else
            {
                Log.UnexpectedChannel(_logger, Remote, channel.Label);
            }
        };
        return peer;
    }

    private void Attach(BrowserDataChannel channel)
    {
        _channel = channel;
        channel.Opened += (_, _) => Report(PeerConnectionState.Connected);
        channel.Closed += (_, _) => Report(PeerConnectionState.Closed);
        channel.BufferedAmountLow += (_, _) => _drained?.TrySetResult();
        channel.MessageReceived += (_, message) =>
        {
            if (!_disposed)
            {
                _events.OnMessage(message.Text is { } text ? Encoding.UTF8.GetBytes(text) : message.Data);
            }
        };
        if (channel.ReadyState == "open")
        {
            Report(PeerConnectionState.Connected);
        }
    }

    private async Task WaitDrainedAsync(BrowserDataChannel channel, CancellationToken cancellationToken)
    {
        if (!_thresholdSet)
        {
            await channel.SetBufferedAmountLowThresholdAsync(LowWaterMark, cancellationToken);
            _thresholdSet = true;
        }
        // Arm first, then re-read: a low event between the last send and now is not lost.
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _drained = drained;
        _buffered = await channel.GetBufferedAmountAsync(cancellationToken);
        if (_buffered > LowWaterMark)
        {
            await drained.Task.WaitAsync(cancellationToken);
            _buffered = LowWaterMark;
        }
    }

    private async Task UpdateMaxMessageSizeAsync(BrowserPeerConnection peer, CancellationToken cancellationToken)
    {
        var size = await peer.GetMaxMessageSizeAsync(cancellationToken);
        MaxMessageSize = size > 0 ? Math.Min(size, BrowserWebRtc.MaxMessageSize) : DefaultMaxMessageSize;
    }

    private void OnConnectionState(string state)
    {
        switch (state)
        {
            case "disconnected":
                Report(PeerConnectionState.Disconnected);
                break;
            case "failed":
                Report(PeerConnectionState.Failed);
                break;
            case "closed":
                Report(PeerConnectionState.Closed);
                break;
            case "connected" when _channel?.ReadyState == "open":
                // Back from "disconnected" with the channel still open.
                Report(PeerConnectionState.Connected);
                break;
            default:
                // new / connecting / connected-before-the-channel: Connected waits for the channel to open.
                break;
        }
    }

    private void Report(PeerConnectionState state)
    {
        if (_disposed || _state == state || _state is PeerConnectionState.Closed or PeerConnectionState.Failed)
        {
            return;
        }
        _state = state;
        Log.StateChanged(_logger, Remote, state);
        _events.OnStateChanged(state);
    }
}
