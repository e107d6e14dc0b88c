using System.Text;
using Fledger.Net.WebRtc;

namespace Fledger.WebNode.Services;

/// <summary>
/// The chat loopback: an <see cref="InPagePeerPair"/> over the browser <see cref="IWebRtcPeerFactory"/>, used
/// until the signaling client and node SDK are wired in.
/// </summary>
public sealed class LoopbackLink(IWebRtcPeerFactory factory, TimeProvider time) : IAsyncDisposable
{
    private InPagePeerPair? _pair;

    /// <summary>A chat line arrived at the far end of the link.</summary>
    public event EventHandler<string>? TextReceived;

    /// <summary>Connects the pair (once).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_pair is not null)
        {
            return;
        }
        _pair = new InPagePeerPair(factory, time);
        _pair.Answerer.MessageReceived += (_, data) => TextReceived?.Invoke(this, Encoding.UTF8.GetString(data.Span));
        await _pair.ConnectAsync(cancellationToken);
    }

    /// <summary>Sends a chat line as UTF-8 bytes.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var pair = _pair ?? throw new InvalidOperationException("The loopback link is not connected.");
        await pair.Offerer.Peer.SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    /// <summary>Stats of the offering end.</summary>
    public Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken) =>
        _pair?.Offerer.Peer.GetStatsAsync(cancellationToken) ?? Task.FromResult(ConnectionStats.None);

    /// <summary>Closes both peers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }
}
