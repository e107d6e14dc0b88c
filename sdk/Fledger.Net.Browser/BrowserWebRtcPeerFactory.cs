using Fledger.Core.Identity;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;

namespace Fledger.Net.Browser;

/// <summary>Creates <see cref="BrowserWebRtcPeer"/>s over the page's RTCPeerConnection.</summary>
public sealed class BrowserWebRtcPeerFactory : IWebRtcPeerFactory
{
    private readonly BrowserWebRtc _webRtc;
    private readonly PeerConnectionConfig _config;
    private readonly ILogger<BrowserWebRtcPeer> _logger;

    /// <summary>Creates the factory; <paramref name="config"/> gives the ICE servers of every peer.</summary>
    public BrowserWebRtcPeerFactory(BrowserWebRtc webRtc, PeerConnectionConfig config, ILogger<BrowserWebRtcPeer> logger)
    {
        ArgumentNullException.ThrowIfNull(webRtc);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(logger);
        _webRtc = webRtc;
        _config = config;
        _logger = logger;
    }

    /// <inheritdoc />
    public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new BrowserWebRtcPeer(_webRtc, _config, remote, events, _logger);
    }
}
