using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Fledger.Net.Browser;

/// <summary>
/// A browser RTCPeerConnection reached through <c>fledgerWebRtc.js</c>. Its events are raised
/// from the page's JS callbacks; local candidates trickle through <see cref="IceCandidate"/>.
/// </summary>
public sealed class BrowserPeerConnection : IAsyncDisposable
{
    private readonly IJSObjectReference _module;
    private readonly ILogger _logger;
    private readonly Action<BrowserPeerConnection> _onDisposed;
    private readonly ConcurrentDictionary<int, BrowserDataChannel> _channels = new();
    private DotNetObjectReference<PeerConnectionCallbacks>? _callbacks;
    private bool _disposed;

    internal BrowserPeerConnection(IJSObjectReference module, ILogger logger, Action<BrowserPeerConnection> onDisposed)
    {
        _module = module;
        _logger = logger;
        _onDisposed = onDisposed;
    }

    /// <summary>The JS module's handle of this peer.</summary>
    public int Handle { get; private set; }

    /// <summary>The last reported RTCPeerConnectionState.</summary>
    public string ConnectionState { get; private set; } = "new";

    /// <summary>The last reported RTCIceConnectionState.</summary>
    public string IceConnectionState { get; private set; } = "new";

    /// <summary>A local ICE candidate to send to the remote peer (trickle ICE).</summary>
    public event EventHandler<IceCandidateInit>? IceCandidate;

    /// <summary>Local candidate gathering finished.</summary>
    public event EventHandler? IceGatheringComplete;

    /// <summary>The RTCPeerConnectionState changed (new, connecting, connected, disconnected, failed, closed).</summary>
    public event EventHandler<string>? ConnectionStateChanged;

    /// <summary>The remote peer opened a data channel (in-band, DCEP).</summary>
    public event EventHandler<BrowserDataChannel>? DataChannel;

    /// <summary>Creates an offer and sets it as the local description.</summary>
    public async Task<SessionDescription> CreateOfferAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _module.InvokeAsync<SessionDescription>("createOffer", cancellationToken, [Handle]);
    }

    /// <summary>Creates an answer and sets it as the local description.</summary>
    public async Task<SessionDescription> CreateAnswerAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _module.InvokeAsync<SessionDescription>("createAnswer", cancellationToken, [Handle]);
    }

    /// <summary>Sets the remote peer's offer or answer.</summary>
    public async Task SetRemoteDescriptionAsync(SessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _module.InvokeVoidAsync("setRemoteDescription", cancellationToken, Handle, description);
    }

    /// <summary>Adds one candidate trickled by the remote peer; an empty candidate ends the list.</summary>
    public async Task AddIceCandidateAsync(IceCandidateInit candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _module.InvokeVoidAsync("addIceCandidate", cancellationToken, Handle, candidate);
    }

    /// <summary>Creates a data channel; it is usable once <see cref="BrowserDataChannel.WaitOpenAsync"/> completes.</summary>
    public async Task<BrowserDataChannel> CreateDataChannelAsync(
        string label, DataChannelOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(label);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var info = await _module.InvokeAsync<DataChannelInfo>(
            "createDataChannel", cancellationToken, [Handle, label, options ?? DataChannelOptions.Default]);
        return _channels.GetOrAdd(info.Handle, _ => new BrowserDataChannel(_module, info, _logger));
    }

    /// <summary>Reads the selected candidate pair's types, byte counts and RTT from getStats().</summary>
    public async Task<PeerConnectionStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _module.InvokeAsync<PeerConnectionStats>("getStats", cancellationToken, [Handle]);
    }

    /// <summary>The remote side's max-message-size once the remote description is set (else 65536).</summary>
    public async Task<int> GetMaxMessageSizeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _module.InvokeAsync<int>("remoteMaxMessageSize", cancellationToken, [Handle]);
    }

    /// <summary>Closes the connection and its channels and releases the .NET callback reference.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            await _module.InvokeVoidAsync("closePeer", Handle);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone and the connection with it.
        }
        foreach (var channel in _channels.Values)
        {
            channel.OnClosed();
        }
        _channels.Clear();
        _callbacks?.Dispose();
        _onDisposed(this);
        BrowserWebRtc.Log.PeerClosed(_logger, Handle);
    }

    internal async Task StartAsync(PeerConnectionConfig config, CancellationToken cancellationToken)
    {
        _callbacks = DotNetObjectReference.Create(new PeerConnectionCallbacks(this));
        Handle = await _module.InvokeAsync<int>("createPeer", cancellationToken, [_callbacks, config]);
    }

    internal void OnIceCandidate(IceCandidateInit candidate) => Raise(IceCandidate, candidate);

    internal void OnIceGatheringComplete() => Raise(IceGatheringComplete);

    internal void OnConnectionStateChange(string state)
    {
        ConnectionState = state;
        BrowserWebRtc.Log.ConnectionState(_logger, Handle, state);
        Raise(ConnectionStateChanged, state);
    }

    internal void OnIceConnectionStateChange(string state) => IceConnectionState = state;

    internal void OnDataChannel(DataChannelInfo info)
    {
        var channel = _channels.GetOrAdd(info.Handle, _ => new BrowserDataChannel(_module, info, _logger));
        BrowserWebRtc.Log.ChannelAnnounced(_logger, Handle, info.Handle, info.Label);
        Raise(DataChannel, channel);
    }

    internal BrowserDataChannel? FindChannel(int handle)
    {
        if (_channels.TryGetValue(handle, out var channel))
        {
            return channel;
        }
        BrowserWebRtc.Log.UnknownChannel(_logger, handle);
        return null;
    }

    internal void ForgetChannel(int handle) => _channels.TryRemove(handle, out _);

    private void Raise<T>(EventHandler<T>? handler, T value)
    {
        try
        {
            handler?.Invoke(this, value);
        }
        catch (Exception e)
        {
            BrowserWebRtc.Log.HandlerFailed(_logger, Handle, e);
        }
    }

    private void Raise(EventHandler? handler)
    {
        try
        {
            handler?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception e)
        {
            BrowserWebRtc.Log.HandlerFailed(_logger, Handle, e);
        }
    }
}
