using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Fledger.Net.Browser;

/// <summary>
/// Entry point to the browser's WebRTC: imports <c>fledgerWebRtc.js</c> lazily on first use and
/// creates <see cref="BrowserPeerConnection"/>s over it. Disposing closes every peer it created.
/// </summary>
public sealed partial class BrowserWebRtc : IAsyncDisposable
{
    /// <summary>Path of the JS module, as served to any app that references this library.</summary>
    public const string ModulePath = "./_content/Fledger.Net.Browser/fledgerWebRtc.js";

    /// <summary>Largest message the module sends or accepts (Chromium's max-message-size).</summary>
    public const int MaxMessageSize = 262144;

    private readonly IJSRuntime _js;
    private readonly ILogger<BrowserWebRtc> _logger;
    private readonly ConcurrentDictionary<BrowserPeerConnection, byte> _peers = new();
    private Task<IJSObjectReference>? _module;
    private bool _disposed;

    /// <summary>Creates the entry point; nothing is loaded until the first peer is created.</summary>
    public BrowserWebRtc(IJSRuntime js, ILogger<BrowserWebRtc> logger)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(logger);
        _js = js;
        _logger = logger;
    }

    /// <summary>Creates a new RTCPeerConnection in the page.</summary>
    /// <param name="config">ICE servers; null for host candidates only.</param>
    /// <param name="cancellationToken">Cancels the interop call.</param>
    public async Task<BrowserPeerConnection> CreatePeerAsync(
        PeerConnectionConfig? config = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var module = await GetModuleAsync(cancellationToken);
        var peer = new BrowserPeerConnection(module, _logger, p => _peers.TryRemove(p, out _));
        await peer.StartAsync(config ?? PeerConnectionConfig.Default, cancellationToken);
        _peers.TryAdd(peer, 0);
        Log.PeerCreated(_logger, peer.Handle);
        return peer;
    }

    /// <summary>Closes every peer created here and releases the JS module.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var peer in _peers.Keys)
        {
            await peer.DisposeAsync();
        }
        if (_module is not null)
        {
            try
            {
                var module = await _module;
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is gone; there is nothing left to release.
            }
        }
    }

    private Task<IJSObjectReference> GetModuleAsync(CancellationToken cancellationToken)
    {
        if (_module is null || _module.IsFaulted || _module.IsCanceled)
        {
            _module = _js.InvokeAsync<IJSObjectReference>("import", cancellationToken, ModulePath).AsTask();
        }
        return _module;
    }
}
