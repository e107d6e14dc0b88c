using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using Fledger.WebRtc.Dtls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>Options of an <see cref="RtcPeerConnection"/> (browser <c>RTCConfiguration</c> plus native knobs).</summary>
public sealed record RtcConfiguration
{
    /// <summary>STUN servers (<c>stun:host:port</c>) for server-reflexive candidates, and TURN servers (accepted, not implemented). Default: none.</summary>
    public IReadOnlyList<RtcIceServer> IceServers { get; init; } = [];

    /// <summary>Lowest local UDP port (0 with <see cref="PortMax"/> 0: ephemeral). Default 0.</summary>
    public int PortMin { get; init; }

    /// <summary>Highest local UDP port, inclusive. Default 0.</summary>
    public int PortMax { get; init; }

    /// <summary>Filter on (interface, IPv4 address) for host candidates. Default: all.</summary>
    public Func<NetworkInterface, IPAddress, bool>? InterfaceFilter { get; init; }

    /// <summary>Gather loopback addresses too (tests on 127.0.0.1). Default false.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Only 127.0.0.1: shorthand for <see cref="IncludeLoopback"/> plus a loopback-only <see cref="InterfaceFilter"/>.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>Our DTLS certificate. Default: <see cref="DtlsCertificate.Shared"/> (generated once per process).</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>DTLS timers and bounds.</summary>
    public DtlsTransportOptions Dtls { get; init; } = new();

    /// <summary>Our <c>a=max-message-size</c>: the largest message we accept. Default 262144 (as Chromium).</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>How long ICE may take to find a working pair before the connection fails. Default 30 s.</summary>
    public TimeSpan IceConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for every timer of the stack. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logger factory. Default: none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Randomness for ICE credentials and SDP session ids. Default: cryptographic RNG.</summary>
    public Action<Span<byte>> RandomFill { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>
    /// Fault injection for tests: called before every UDP datagram the connection sends (ICE, DTLS, and SCTP inside
    /// DTLS); returning <c>true</c> drops it, as a lossy network would. Must be thread-safe. Default <c>null</c>: never
    /// called. See <see cref="Ice.IceOptions.DropOutgoingDatagram"/>.
    /// </summary>
    public Func<bool>? DropOutgoingDatagram { get; init; }

    /// <summary>Checks the values (ICE options are checked again by the ICE agent).</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxMessageSize < 1)
        {
            throw new ArgumentException("MaxMessageSize must be positive.", nameof(MaxMessageSize));
        }

        if (PortMin < 0 || PortMax > 65535 || PortMin > PortMax)
        {
            throw new ArgumentException("PortMin..PortMax must be a range within 0..65535.", nameof(PortMin));
        }

        if (IceConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("IceConnectTimeout must be positive.", nameof(IceConnectTimeout));
        }

        Dtls.Validate();
    }
}
