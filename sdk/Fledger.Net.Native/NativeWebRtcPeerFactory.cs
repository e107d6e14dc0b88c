using System.Runtime.Versioning;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Net.Native;

/// <summary>Creates <see cref="NativeWebRtcPeer"/>s (the managed WebRTC stack) for the WebRTC broker of a CLI node.</summary>
/// <param name="configuration">ICE servers, ports, interfaces, certificate... shared by every peer.</param>
/// <param name="loggerFactory">Loggers for the peers.</param>
[UnsupportedOSPlatform("browser")]
public sealed class NativeWebRtcPeerFactory(RtcConfiguration? configuration = null, ILoggerFactory? loggerFactory = null) : IWebRtcPeerFactory
{
    private readonly RtcConfiguration _configuration = configuration ?? new RtcConfiguration();
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;

    /// <inheritdoc />
    public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events)
        => new NativeWebRtcPeer(_configuration, events, _loggerFactory.CreateLogger<NativeWebRtcPeer>());

    /// <summary>
    /// Pre-warms the managed stack (certificate, JIT) with one in-process loopback connection, so the node's first
    /// real connection is as fast as later ones; see <see cref="RtcPeerConnection.WarmUpAsync"/>. Start it in the
    /// background when the node starts. Returns false when the warm-up connection failed (harmless).
    /// </summary>
    public Task<bool> WarmUpAsync(CancellationToken cancellationToken = default)
        => RtcPeerConnection.WarmUpAsync(_configuration, cancellationToken);
}
