using Fledger.Net.Native;
using Fledger.Net.WebRtc;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Hosting;

/// <summary>Creates the WebRTC peer factory of a CLI node (the managed WebRTC stack) from its <see cref="WebRtcSettings"/>.</summary>
internal static class PeerFactories
{
    private static int _warmUpStarted;

    /// <summary>
    /// The native factory for <paramref name="settings"/>. The first call in a process also starts the stack's warm-up
    /// in the background (certificate and JIT, about 0.4 s of CPU), so it overlaps the signal-server connection and the
    /// node's first WebRTC connection does not pay it.
    /// </summary>
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
        var factory = new NativeWebRtcPeerFactory(configuration, loggers);
        if (Interlocked.Exchange(ref _warmUpStarted, 1) == 0)
        {
            _ = Task.Run(() => factory.WarmUpAsync());
        }

        return factory;
    }
}
