using System.Net;

namespace Fledger.WebRtc.Ice;

/// <summary>The state of a candidate pair in the checklist.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8445#section-6.1.2.6">RFC 8445 §6.1.2.6</see> (no Frozen: one data stream).</remarks>
internal enum IcePairState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>
/// A checklist entry. The agent has one socket, so a pair is keyed by the remote address; the local side
/// is the socket, and its type is learned from the XOR-MAPPED-ADDRESS of the check response.
/// Mutated only under the agent's lock.
/// </summary>
internal sealed class IceCandidatePair(IceCandidate remote, IPEndPoint remoteEndPoint, SocketAddress remoteAddress)
{
    public IceCandidate Remote { get; set; } = remote;

    public IPEndPoint RemoteEndPoint { get; } = remoteEndPoint;

    /// <summary>The remote address in the socket's family (IPv4-mapped on a dual-stack socket), for sends and demux.</summary>
    public SocketAddress RemoteAddress { get; } = remoteAddress;

    public ulong Priority { get; set; }

    public IcePairState State { get; set; } = IcePairState.Waiting;

    public IceTransaction? InFlight { get; set; }

    /// <summary>The peer sent us an authenticated check from this address.</summary>
    public bool Authenticated { get; set; }

    /// <summary>Controlled: the peer sent USE-CANDIDATE; nominate once our own check succeeds.</summary>
    public bool NominateOnSuccess { get; set; }

    public bool Nominated { get; set; }

    public bool Triggered { get; set; }

    public bool TriggeredUseCandidate { get; set; }

    public TimeSpan? RoundTripTime { get; set; }

    public IPEndPoint? LocalMapped { get; set; }

    public IceCandidateType LocalType { get; set; } = IceCandidateType.Host;

    /// <summary>RFC 8445 §6.1.2.3: 2^32·min(G,D) + 2·max(G,D) + (G&gt;D ? 1 : 0).</summary>
    public static ulong ComputePriority(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + (2ul * Math.Max(controlling, controlled)) +
        (controlling > controlled ? 1ul : 0ul);
}
