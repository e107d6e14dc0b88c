using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Hosting;

/// <summary>Creates the WebRTC peer factory of a CLI node from its <see cref="WebRtcSettings"/>.</summary>
internal static class PeerFactories
{
    /// <summary>Why peers cannot connect with this factory, or null when they can.</summary>
    public static string? Unavailable(IWebRtcPeerFactory factory) => factory is UnavailableWebRtcPeerFactory ? UnavailableWebRtcPeerFactory.Reason : null;

    /// <summary>The factory for <paramref name="settings"/>.</summary>
    public static IWebRtcPeerFactory Create(WebRtcSettings settings, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        return new UnavailableWebRtcPeerFactory();
    }
}
