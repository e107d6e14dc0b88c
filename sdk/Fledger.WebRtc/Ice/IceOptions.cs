using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.WebRtc.Ice;

/// <summary>Options of an <see cref="IceAgent"/>. Defaults follow RFC 8445 / RFC 7675 and Chromium's behaviour.</summary>
public sealed record IceOptions
{
    /// <summary>STUN servers as <c>host:port</c> (IPv4 literal or name) for server-reflexive candidates. Default: none.</summary>
    public IReadOnlyList<string> StunServers { get; init; } = [];

    /// <summary>TURN servers. <b>Not implemented</b>: accepted for the options shape and ignored.</summary>
    public IReadOnlyList<IceTurnServer> TurnServers { get; init; } = [];

    /// <summary>Lowest local UDP port to bind; 0 with <see cref="PortMax"/> 0 means an ephemeral port. Default 0.</summary>
    public int PortMin { get; init; }

    /// <summary>Highest local UDP port to bind (inclusive). Default 0.</summary>
    public int PortMax { get; init; }

    /// <summary>Optional filter on (interface, IPv4 address) for host candidates. Default: all.</summary>
    public Func<NetworkInterface, IPAddress, bool>? InterfaceFilter { get; init; }

    /// <summary>
    /// Gather loopback addresses too. Default <c>false</c>: loopback is used only when no other address exists.
    /// </summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>
    /// Also gather IPv6 host candidates (not link-local) and accept IPv6 remote candidates, on one dual-stack
    /// socket. Default <c>false</c> (IPv4 only).
    /// </summary>
    public bool IncludeIPv6 { get; init; }

    /// <summary>Time source. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logger factory. Default <see cref="NullLoggerFactory"/>.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Random source for credentials, transaction ids and jitter. Default: cryptographic RNG.</summary>
    public Action<Span<byte>> RandomFill { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>Ta: pacing between two connectivity checks (RFC 8445 §14.2). Default 50 ms.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Initial retransmission timeout of a check; doubles up to <see cref="MaxRetransmitTimeout"/>. Default 250 ms.</summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the retransmission timeout. Default 1.6 s.</summary>
    public TimeSpan MaxRetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Transmissions of one check before its pair fails (Rc). Default 7.</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>Time allowed for a STUN server query before it is given up. Default 3 s.</summary>
    public TimeSpan StunServerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>After the first valid pair, how long the controlling agent waits for better pairs before nominating. Default 100 ms.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The agent fails when no pair is valid this long after checks could start. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Mean interval of consent-freshness checks, jittered ±20 % (RFC 7675 §5.1). Default 5 s.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Without consent responses for this long the state becomes Disconnected. Default 10 s.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Without consent responses for this long consent expires: Failed, sending stops (RFC 7675 §5.1). Default 30 s.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest datagram the <see cref="IceAgent.Transport"/> sends. Default 1200.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Datagrams kept for the transport receiver before one is set. Default 64.</summary>
    public int MaxBufferedDatagrams { get; init; } = 64;

    /// <summary>Remote candidates accepted per agent (flood bound). Default 64.</summary>
    public int MaxRemoteCandidates { get; init; } = 64;

    /// <summary>
    /// Fault injection for tests (a lossy network without <c>tc netem</c>): called before every UDP datagram the agent
    /// sends (STUN checks and responses, DTLS records); returning <c>true</c> drops the datagram silently, as the
    /// network would. Called from several threads: it must be thread-safe. Default <c>null</c>: never called.
    /// </summary>
    public Func<bool>? DropOutgoingDatagram { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (PortMin is < 0 or > 65535 || PortMax is < 0 or > 65535 || PortMax < PortMin)
        {
            throw new ArgumentException("Port range must satisfy 0 <= PortMin <= PortMax <= 65535.");
        }

        if (CheckInterval <= TimeSpan.Zero || InitialRetransmitTimeout <= TimeSpan.Zero ||
            MaxRetransmitTimeout < InitialRetransmitTimeout || ConsentInterval <= TimeSpan.Zero ||
            DisconnectedTimeout <= TimeSpan.Zero || ConsentTimeout < DisconnectedTimeout ||
            ConnectTimeout <= TimeSpan.Zero || StunServerTimeout <= TimeSpan.Zero || NominationDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("ICE timers must be positive and ordered (ConsentTimeout >= DisconnectedTimeout).");
        }

        if (MaxTransmissions < 1 || MaxDatagramSize is < 576 or > 1472 || MaxBufferedDatagrams < 0 || MaxRemoteCandidates < 1)
        {
            throw new ArgumentException("ICE limits out of range.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        ArgumentNullException.ThrowIfNull(RandomFill);
        ArgumentNullException.ThrowIfNull(StunServers);
        ArgumentNullException.ThrowIfNull(TurnServers);
    }
}
