namespace Fledger.WebRtc.Sctp;

/// <summary>Settings of an <see cref="SctpAssociation"/>. Defaults follow RFC 9260 §16 and WebRTC practice (RFC 8831 §6).</summary>
public sealed record SctpAssociationOptions
{
    /// <summary>Local SCTP port (a=sctp-port). Default 5000.</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>Remote SCTP port (the peer's a=sctp-port). Default 5000.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>Largest SCTP packet sent; also capped by the transport's datagram size. Default 1191 (RFC 8261 §5 inside DTLS over IPv6).</summary>
    public int MaxPacketSize { get; init; } = 1191;

    /// <summary>Largest message accepted from the peer (our a=max-message-size). Default 256 KiB.</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Largest message the peer accepts (its a=max-message-size); <c>null</c> means <see cref="MaxMessageSize"/>.</summary>
    public int? RemoteMaxMessageSize { get; init; }

    /// <summary>Advertised receiver window in bytes; must exceed <see cref="MaxMessageSize"/>. Default 1 MiB.</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>Bytes queued for sending (not yet acknowledged) beyond which sends are refused. Default 16 MiB.</summary>
    public long MaxSendBuffer { get; init; } = 16L * 1024 * 1024;

    /// <summary>Number of streams requested in each direction. Default 65535.</summary>
    public ushort Streams { get; init; } = 65535;

    /// <summary>Initial retransmission timeout. Default 500 ms.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Lower bound of the retransmission timeout (RFC 9260 RTO.Min). Default 220 ms, as WebRTC stacks use.</summary>
    public TimeSpan MinRto { get; init; } = TimeSpan.FromMilliseconds(220);

    /// <summary>Upper bound of the retransmission timeout. Default 60 s.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delayed-acknowledgement timeout (RFC 9260 §6.2). Default 200 ms.</summary>
    public TimeSpan SackDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Idle interval between heartbeats (RFC 9260 §8.3). Default 30 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of a state cookie (RFC 9260 Valid.Cookie.Life). Default 60 s.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive unanswered retransmissions / heartbeats before the association fails (Association.Max.Retrans). Default 10.</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>INIT / COOKIE ECHO retransmissions before giving up (Max.Init.Retransmits). Default 8.</summary>
    public int MaxInitRetransmissions { get; init; } = 8;

    /// <summary>Packets of new data sent per send opportunity (RFC 9260 Max.Burst). Default 4.</summary>
    public int MaxBurst { get; init; } = 4;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxPacketSize is < 256 or > 65535)
        {
            throw new ArgumentException("MaxPacketSize must be within 256..65535.", nameof(MaxPacketSize));
        }

        if (MaxMessageSize < 1 || ReceiveWindow < MaxMessageSize)
        {
            throw new ArgumentException("MaxMessageSize must be positive and not exceed ReceiveWindow.", nameof(MaxMessageSize));
        }

        if (RemoteMaxMessageSize is < 1 || MaxSendBuffer < 1 || Streams == 0 || MaxBurst < 1 || MaxRetransmissions < 1 || MaxInitRetransmissions < 1)
        {
            throw new ArgumentException("Counts and sizes must be positive.");
        }

        if (MinRto <= TimeSpan.Zero || MaxRto < MinRto || InitialRto <= TimeSpan.Zero)
        {
            throw new ArgumentException("RTO bounds are invalid.", nameof(MinRto));
        }
    }
}
