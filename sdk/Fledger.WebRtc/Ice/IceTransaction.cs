using System.Net;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Ice;

/// <summary>What an outstanding STUN request is for.</summary>
internal enum IceTransactionKind
{
    Check,
    Consent,
    ServerBinding,
}

/// <summary>An outstanding STUN request with its retransmission state. Mutated only under the agent's lock.</summary>
internal sealed class IceTransaction(StunTransactionId id, IceTransactionKind kind, byte[] packet, SocketAddress destination)
{
    public StunTransactionId Id { get; } = id;

    public IceTransactionKind Kind { get; } = kind;

    public byte[] Packet { get; } = packet;

    public SocketAddress Destination { get; } = destination;

    public IceCandidatePair? Pair { get; init; }

    public IPEndPoint? Server { get; init; }

    public bool UseCandidate { get; init; }

    public IceRole RoleWhenSent { get; init; }

    public long SentAt { get; set; }

    public long LastSentAt { get; set; }

    public long NextRetransmitAt { get; set; }

    public long RetransmitTimeout { get; set; }

    public int Transmissions { get; set; }

    /// <summary>Absolute deadline (ms) after which the transaction is given up regardless of transmissions.</summary>
    public long Deadline { get; set; } = long.MaxValue;
}
