using System.Text.Json;
using Fledger.Net.Browser;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// <see cref="IWebRtcPeer"/> over a Chromium RTCPeerConnection driven through Playwright (see
/// <see cref="ChromiumPeerHost"/>). Same channel label, water marks and state rules as
/// <see cref="BrowserWebRtcPeer"/>; messages cross the Playwright boundary as base64, so it is for
/// tests, not for throughput.
/// </summary>
public sealed class ChromiumWebRtcPeer : IWebRtcPeer
{
    private readonly ChromiumPeerHost _host;
    private readonly IWebRtcPeerEvents _events;
    private readonly SemaphoreSlim _create = new(1, 1);
    private readonly Lock _stateLock = new();
    private PeerConnectionState _state = PeerConnectionState.New;
    private int _id;
    private long _buffered;
    private volatile bool _disposed;

    internal ChromiumWebRtcPeer(ChromiumPeerHost host, IWebRtcPeerEvents events)
    {
        _host = host;
        _events = events;
    }

    /// <inheritdoc />
    public int MaxMessageSize { get; private set; } = 65536;

    /// <inheritdoc />
    public async Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        var id = await EnsureAsync();
        var sdp = await Eval<string>("([id]) => peerHost.offer(id)", id);
        Report(PeerConnectionState.Connecting);
        return sdp;
    }

    /// <inheritdoc />
    public async Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        var id = await EnsureAsync();
        var sdp = await Eval<string>("([id, sdp]) => peerHost.acceptOffer(id, sdp)", id, offerSdp);
        MaxMessageSize = Math.Min(await Eval<int>("([id]) => peerHost.maxMessageSize(id)", id), BrowserWebRtc.MaxMessageSize);
        Report(PeerConnectionState.Connecting);
        return sdp;
    }

    /// <inheritdoc />
    public async Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken)
    {
        var id = await EnsureAsync();
        await Eval<JsonElement?>("([id, sdp]) => peerHost.acceptAnswer(id, sdp)", id, answerSdp);
        MaxMessageSize = Math.Min(await Eval<int>("([id]) => peerHost.maxMessageSize(id)", id), BrowserWebRtc.MaxMessageSize);
    }

    /// <inheritdoc />
    public async Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        var id = await EnsureAsync();
        await Eval<JsonElement?>("([id, c]) => peerHost.addCandidate(id, c)", id,
            new Dictionary<string, object?> { ["candidate"] = candidate.Value, ["sdpMid"] = candidate.SdpMid, ["sdpMLineIndex"] = candidate.SdpMLineIndex });
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state != PeerConnectionState.Connected)
        {
            throw new InvalidOperationException("The data channel is not open; wait for Connected before sending.");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MaxMessageSize);
        if (_buffered > BrowserWebRtcPeer.HighWaterMark)
        {
            await Eval<bool>("([id]) => peerHost.waitLow(id)", _id);
        }
        _buffered = await Eval<long>("([id, d]) => peerHost.send(id, d)", _id, Convert.ToBase64String(data.Span));
    }

    /// <inheritdoc />
    public async Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        if (_id == 0 || _disposed)
        {
            return ConnectionStats.None with { Connection = _state };
        }
        var json = await Eval<JsonElement>("([id]) => peerHost.stats(id)", _id);
        var stats = json.Deserialize<PeerConnectionStats>(JsonSerializerOptions.Web)!;
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
        if (_id != 0)
        {
            _host.Unregister(_id);
            await Eval<JsonElement?>("([id]) => peerHost.close(id)", _id);
        }
        _create.Dispose();
    }

    internal void OnPageEvent(JsonElement e)
    {
        if (_disposed)
        {
            return;
        }
        switch (e.GetProperty("type").GetString())
        {
            case "candidate":
                _events.OnLocalCandidate(new PeerSetup.Candidate(e.GetProperty("candidate").GetString()!,
                    e.GetProperty("sdpMid").GetString(),
                    e.GetProperty("sdpMLineIndex").ValueKind == JsonValueKind.Number ? e.GetProperty("sdpMLineIndex").GetInt32() : null));
                break;
            case "open":
                Report(PeerConnectionState.Connected);
                break;
            case "close":
                Report(PeerConnectionState.Closed);
                break;
            case "state":
                Report(e.GetProperty("state").GetString() switch
                {
                    "disconnected" => PeerConnectionState.Disconnected,
                    "failed" => PeerConnectionState.Failed,
                    "closed" => PeerConnectionState.Closed,
                    _ => _state,
                });
                break;
            case "message":
                _events.OnMessage(Convert.FromBase64String(e.GetProperty("data").GetString()!));
                break;
            default:
                break;
        }
    }

    private async Task<int> EnsureAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _create.WaitAsync();
        try
        {
            if (_id == 0)
            {
                _id = await _host.RegisterAsync(this);
            }
            return _id;
        }
        finally
        {
            _create.Release();
        }
    }

    private Task<T> Eval<T>(string expression, params object?[] args) =>
        WebRtcPagePair.EvalAsync<T>(_host.Page, expression, args);

    private void Report(PeerConnectionState state)
    {
        lock (_stateLock)
        {
            if (_state == state || _state is PeerConnectionState.Closed or PeerConnectionState.Failed)
            {
                return;
            }
            _state = state;
        }
        _events.OnStateChanged(state);
    }
}
