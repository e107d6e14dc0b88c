using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Fledger.Net.Browser;

/// <summary>A browser RTCDataChannel reached through <c>fledgerWebRtc.js</c>.</summary>
/// <remarks>Semantics follow RFC 8831; messages are capped at <see cref="BrowserWebRtc.MaxMessageSize"/>.</remarks>
public sealed class BrowserDataChannel
{
    private readonly IJSObjectReference _module;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal BrowserDataChannel(IJSObjectReference module, DataChannelInfo info, ILogger logger)
    {
        _module = module;
        _logger = logger;
        Info = info;
        ReadyState = info.ReadyState;
        if (info.ReadyState == "open")
        {
            _opened.TrySetResult();
        }
    }

    /// <summary>The channel as the module reported it when it was created or announced.</summary>
    public DataChannelInfo Info { get; }

    /// <summary>The channel label.</summary>
    public string Label => Info.Label;

    /// <summary>The last known readyState: connecting, open, closing or closed.</summary>
    public string ReadyState { get; private set; }

    /// <summary>The channel opened.</summary>
    public event EventHandler? Opened;

    /// <summary>The channel closed (by either side or with its peer connection).</summary>
    public event EventHandler? Closed;

    /// <summary>A message arrived.</summary>
    public event EventHandler<DataChannelMessage>? MessageReceived;

    /// <summary>bufferedAmount fell to or below the low threshold.</summary>
    public event EventHandler? BufferedAmountLow;

    /// <summary>Completes when the channel is open; faults if it closes first.</summary>
    public Task WaitOpenAsync(CancellationToken cancellationToken = default) => _opened.Task.WaitAsync(cancellationToken);

    /// <summary>Completes when the channel has closed.</summary>
    public Task WaitClosedAsync(CancellationToken cancellationToken = default) => _closed.Task.WaitAsync(cancellationToken);

    /// <summary>Sends a text message; returns bufferedAmount after queueing.</summary>
    public async Task<long> SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > BrowserWebRtc.MaxMessageSize / 3)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(Encoding.UTF8.GetByteCount(text), BrowserWebRtc.MaxMessageSize);
        }
        return await _module.InvokeAsync<long>("sendText", cancellationToken, [Info.Handle, text]);
    }

    /// <summary>Sends a binary message; returns bufferedAmount after queueing.</summary>
    public async Task<long> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, BrowserWebRtc.MaxMessageSize);
        // Blazor marshals a byte[] as a Uint8Array without JSON; reuse the array when it fits exactly.
        var bytes = MemoryMarshal.TryGetArray(data, out var segment) && segment.Offset == 0
            && segment.Count == segment.Array!.Length
            ? segment.Array
            : data.ToArray();
        return await _module.InvokeAsync<long>("sendBinary", cancellationToken, [Info.Handle, bytes]);
    }

    /// <summary>Bytes queued in the browser and not yet sent.</summary>
    public async Task<long> GetBufferedAmountAsync(CancellationToken cancellationToken = default) =>
        await _module.InvokeAsync<long>("bufferedAmount", cancellationToken, [Info.Handle]);

    /// <summary>Sets the threshold for <see cref="BufferedAmountLow"/>.</summary>
    public async Task SetBufferedAmountLowThresholdAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        await _module.InvokeVoidAsync("setBufferedAmountLowThreshold", cancellationToken, Info.Handle, bytes);
    }

    /// <summary>Closes the channel; both sides see <see cref="Closed"/>.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default) =>
        await _module.InvokeVoidAsync("closeChannel", cancellationToken, Info.Handle);

    internal void OnOpened()
    {
        ReadyState = "open";
        if (_opened.TrySetResult())
        {
            Opened?.Invoke(this, EventArgs.Empty);
        }
    }

    internal void OnClosed()
    {
        ReadyState = "closed";
        _opened.TrySetException(new InvalidOperationException($"Data channel '{Label}' closed before it opened."));
        if (_closed.TrySetResult())
        {
            BrowserWebRtc.Log.ChannelClosed(_logger, Info.Handle);
            Closed?.Invoke(this, EventArgs.Empty);
        }
    }

    internal void OnError(string error) => BrowserWebRtc.Log.ChannelError(_logger, Info.Handle, error);

    internal void OnBufferedAmountLow() => BufferedAmountLow?.Invoke(this, EventArgs.Empty);

    internal void OnMessage(DataChannelMessage message) => MessageReceived?.Invoke(this, message);
}
