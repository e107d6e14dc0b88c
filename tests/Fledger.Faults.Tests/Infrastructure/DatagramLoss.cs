namespace Fledger.Faults.Tests.Infrastructure;

/// <summary>
/// A seeded lossy network for the managed stack: its <see cref="Drop"/> is the
/// <see cref="Fledger.WebRtc.PeerConnection.RtcConfiguration.DropOutgoingDatagram"/> hook of every node, so every UDP
/// datagram (ICE, DTLS, SCTP) sent on any link, in either direction, is lost with <see cref="Probability"/>.
/// </summary>
public sealed class DatagramLoss(double probability, int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);
    private long _sent;
    private long _dropped;

    /// <summary>The loss probability of each datagram.</summary>
    public double Probability { get; } = probability;

    /// <summary>Datagrams offered to the hook.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Datagrams dropped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The hook: whether to drop the next datagram (thread-safe).</summary>
    public bool Drop()
    {
        bool drop;
        lock (_gate)
        {
            drop = _random.NextDouble() < Probability;
        }

        Interlocked.Increment(ref _sent);
        if (drop)
        {
            Interlocked.Increment(ref _dropped);
        }

        return drop;
    }
}
