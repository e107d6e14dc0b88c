using Fledger.Net.Native;
using Fledger.Net.WebRtc;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Hosting;

/// <summary>Creates the WebRTC peer factory of a CLI node (the managed WebRTC stack) from its <see cref="WebRtcSettings"/>.</summary>
internal static class PeerFactories
{
    /// <summary>The native factory for <paramref name="settings"/>.</summary>
    public static IWebRtcPeerFactory Create(WebRtcSettings settings, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        var configuration = new RtcConfiguration
        {
            IceServers = [.. settings.IceServers.Select(s => new RtcIceServer(s.Url, s.Username, s.Credential))],
            IncludeLoopback = settings.LoopbackOnly,
            LoopbackOnly = settings.LoopbackOnly,
            LoggerFactory = loggers,
        };
        return new NativeWebRtcPeerFactory(configuration, loggers);
    }
}
