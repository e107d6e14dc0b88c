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
}
