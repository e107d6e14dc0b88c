using System.Buffers;

namespace Fledger.WebRtc.Transport;

/// <summary>
/// An in-memory pair of connected <see cref="IDatagramTransport"/>s (<see cref="A"/> ↔ <see cref="B"/>)
/// that can drop, reorder, duplicate and delay datagrams, for tests and benchmarks.
/// </summary>
/// <remarks>
/// Each direction has one delivery loop that calls the receiver serially. Impairments come from a
/// seeded <see cref="Random"/>, delays from the configured <see cref="TimeProvider"/>.
/// </remarks>
public sealed partial class SimulatedLink : IDisposable
{
    /// <summary>Deep buckets: a link may hold thousands of datagrams in flight.</summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(64 * 1024, 16 * 1024);

    private readonly SimulatedLinkOptions _options;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly Direction _aToB;
    private readonly Direction _bToA;
    private long _dropped;
    private long _duplicated;
    private long _reordered;
    private long _delivered;

    /// <summary>Creates a link with the given impairments.</summary>
    public SimulatedLink(SimulatedLinkOptions? options = null)
    {
        _options = options ?? new SimulatedLinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDatagramSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.QueueCapacity, 1);
        _random = _options.Seed is { } seed ? new Random(seed) : new Random();
        _aToB = new Direction(this);
        _bToA = new Direction(this);
        A = new Endpoint(this, _aToB, _bToA);
        B = new Endpoint(this, _bToA, _aToB);
    }

    /// <summary>The first endpoint; what it sends arrives at <see cref="B"/>.</summary>
    public IDatagramTransport A { get; }

    /// <summary>The second endpoint; what it sends arrives at <see cref="A"/>.</summary>
    public IDatagramTransport B { get; }

    /// <summary>When true, every datagram in both directions is dropped (a network partition).</summary>
    public bool IsPartitioned { get; set; }

    /// <summary>Datagrams dropped by loss, partition, size or a full queue.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Extra copies delivered.</summary>
    public long DuplicatedCount => Interlocked.Read(ref _duplicated);

    /// <summary>Datagrams held back so later ones overtake them.</summary>
    public long ReorderedCount => Interlocked.Read(ref _reordered);

    /// <summary>Datagrams handed to a receiver.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Stops both delivery loops; later sends are dropped.</summary>
    public void Dispose()
    {
        _aToB.Complete();
        _bToA.Complete();
    }

    private double NextDouble()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    private void Send(Direction direction, ReadOnlySpan<byte> datagram)
    {
        if (IsPartitioned || datagram.Length > _options.MaxDatagramSize || Hit(_options.LossRate))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var copies = Hit(_options.DuplicateRate) ? 2 : 1;
        if (copies == 2)
        {
            Interlocked.Increment(ref _duplicated);
        }

        for (var i = 0; i < copies; i++)
        {
            var buffer = Pool.Rent(Math.Max(1, datagram.Length));
            datagram.CopyTo(buffer);
            var packet = new Packet(buffer, datagram.Length);
            var delay = _options.Delay;
            if (Hit(_options.ReorderRate))
            {
                Interlocked.Increment(ref _reordered);
                delay += _options.ReorderDelay;
            }

            if (delay > TimeSpan.Zero)
            {
                DelayedPacket.Schedule(_options.TimeProvider, direction, packet, delay);
            }
            else
            {
                direction.Enqueue(packet);
            }
        }
    }

    private bool Hit(double rate) => rate > 0 && NextDouble() < rate;

    private readonly record struct Packet(byte[]? Buffer, int Length)
    {
        public static Packet Flush => new(null, 0);
    }

    private sealed class DelayedPacket
    {
        private readonly Lock _lock = new();
        private readonly Direction _direction;
        private readonly Packet _packet;
        private ITimer? _timer;
        private bool _fired;

        private DelayedPacket(Direction direction, Packet packet)
        {
            _direction = direction;
            _packet = packet;
        }

        public static void Schedule(TimeProvider time, Direction direction, Packet packet, TimeSpan delay)
        {
            var state = new DelayedPacket(direction, packet);
            var timer = time.CreateTimer(static s => ((DelayedPacket)s!).Fire(), state, delay, Timeout.InfiniteTimeSpan);
            lock (state._lock)
            {
                if (state._fired)
                {
                    timer.Dispose();
                }
                else
                {
                    state._timer = timer;
                }
            }
        }

        private void Fire()
        {
            _direction.Enqueue(_packet);
            lock (_lock)
            {
                _fired = true;
                _timer?.Dispose();
            }
        }
    }
}
