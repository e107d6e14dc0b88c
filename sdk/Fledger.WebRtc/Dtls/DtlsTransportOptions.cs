namespace Fledger.WebRtc.Dtls;

/// <summary>Tuning for <see cref="DtlsTransport"/>.</summary>
public sealed record DtlsTransportOptions
{
    /// <summary>Initial handshake retransmission timeout (BouncyCastle's default is 1 s). Default 200 ms.</summary>
    /// <remarks>RFC 6347 §4.2.4.1 recommends 1 s; a lower value makes a lost flight cost little on fast paths.</remarks>
    public TimeSpan ResendTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Whole-handshake timeout. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many inbound datagrams may wait for the DTLS engine before new ones are dropped. Default 512.</summary>
    public int InboundQueueCapacity { get; init; } = 512;

    /// <summary>Largest inbound datagram accepted, in bytes. Default 2048 (above any path MTU we use).</summary>
    public int MaxInboundDatagramSize { get; init; } = 2048;

    /// <summary>
    /// ECDHE groups (TLS NamedGroup codes) in order of preference, offered as client and preferred as server; null for
    /// the default (X25519, P-256, P-384). Internal: for tests that need one particular group negotiated.
    /// </summary>
    internal IReadOnlyList<int>? NamedGroups { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A timer is not positive or a bound is too small.</exception>
    public void Validate()
    {
        if (ResendTimeout <= TimeSpan.Zero || HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException("ResendTimeout and HandshakeTimeout must be positive.");
        }

        if (InboundQueueCapacity < 1 || MaxInboundDatagramSize < 256)
        {
            throw new ArgumentException("InboundQueueCapacity must be at least 1 and MaxInboundDatagramSize at least 256.");
        }

        if (NamedGroups is { Count: 0 })
        {
            throw new ArgumentException("NamedGroups must not be empty.");
        }
    }
}
