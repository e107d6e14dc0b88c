using Fledger.Net.Browser;

namespace Fledger.WebNode.Services;

/// <summary>
/// Two peer connections in this page joined by a "chat" data channel. It exercises the browser
/// WebRTC stack end to end until the signaling client and node SDK are wired in.
/// </summary>
public sealed class LoopbackLink(BrowserWebRtc webRtc, TimeProvider time) : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private BrowserPeerConnection? _local;
    private BrowserPeerConnection? _remote;
    private BrowserDataChannel? _sender;
    private BrowserDataChannel? _receiver;

    /// <summary>A message arrived at the remote end of the link.</summary>
    public event EventHandler<DataChannelMessage>? MessageReceived;

    /// <summary>The local end, for stats; null until connected.</summary>
    public BrowserPeerConnection? Local => _local;

    /// <summary>True once the chat channel is open at both ends.</summary>
    public bool IsConnected => _sender?.ReadyState == "open" && _receiver is not null;

    /// <summary>Creates both peers, relays offer, answer and candidates, and waits for the channel.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_local is not null)
        {
            return;
        }
        _local = await webRtc.CreatePeerAsync(cancellationToken: cancellationToken);
        _remote = await webRtc.CreatePeerAsync(cancellationToken: cancellationToken);
        var local = _local;
        var remote = _remote;
        local.IceCandidate += (_, c) => _ = remote.AddIceCandidateAsync(c, cancellationToken);
        remote.IceCandidate += (_, c) => _ = local.AddIceCandidateAsync(c, cancellationToken);
        var incoming = new TaskCompletionSource<BrowserDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.DataChannel += (_, channel) => incoming.TrySetResult(channel);

        _sender = await local.CreateDataChannelAsync("chat", cancellationToken: cancellationToken);
        await remote.SetRemoteDescriptionAsync(await local.CreateOfferAsync(cancellationToken), cancellationToken);
        await local.SetRemoteDescriptionAsync(await remote.CreateAnswerAsync(cancellationToken), cancellationToken);

        _receiver = await incoming.Task.WaitAsync(ConnectTimeout, time, cancellationToken);
        _receiver.MessageReceived += (_, message) => MessageReceived?.Invoke(this, message);
        await _sender.WaitOpenAsync(cancellationToken).WaitAsync(ConnectTimeout, time, cancellationToken);
    }

    /// <summary>Sends a chat line over the link.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        if (_sender is null)
        {
            throw new InvalidOperationException("The loopback link is not connected.");
        }
        await _sender.SendAsync(text, cancellationToken);
    }

    /// <summary>Closes both peers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
        if (_remote is not null)
        {
            await _remote.DisposeAsync();
        }
    }
}
