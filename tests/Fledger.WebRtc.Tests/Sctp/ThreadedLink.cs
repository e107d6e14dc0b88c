using System.Collections.Concurrent;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>
/// A lossless in-memory datagram pair whose delivering threads the test knows: either one dedicated thread per
/// direction (like an ICE receive loop), or every datagram on its own thread-pool work item (concurrent, unordered
/// deliveries into one receiver: harsher than any real transport).
/// </summary>
internal sealed class ThreadedLink : IDisposable
{
    private readonly Side _a;
    private readonly Side _b;

    public ThreadedLink(bool concurrentDelivery)
    {
        _a = new Side(concurrentDelivery);
        _b = new Side(concurrentDelivery);
        _a.Peer = _b;
        _b.Peer = _a;
    }

    public IDatagramTransport A => _a;

    public IDatagramTransport B => _b;

    /// <summary>Managed thread id of the dedicated thread that delivers to <see cref="B"/> (0 in concurrent mode).</summary>
    public int DeliveringThreadOfB => _b.ThreadId;

    /// <summary>From now on, datagrams to <see cref="B"/> are kept (see <see cref="TakeHeldToB"/>) instead of delivered.</summary>
    public void HoldToB() => _b.Held = new ConcurrentQueue<byte[]>();

    /// <summary>Completes once at least <paramref name="count"/> datagrams to B are held.</summary>
    public async Task HeldToB(int count)
    {
        while (_b.Held!.Count < count)
        {
            await _b.HeldSignal.WaitAsync();
        }
    }

    /// <summary>The held datagrams; delivery to B resumes.</summary>
    public byte[][] TakeHeldToB()
    {
        var held = _b.Held!.ToArray();
        _b.Held = null;
        return held;
    }

    /// <summary>Hands <paramref name="datagram"/> to B's receiver on the calling thread.</summary>
    public void DeliverToB(byte[] datagram) => _b.Deliver(datagram);

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private sealed class Side : IDatagramTransport, IDisposable
    {
        private readonly BlockingCollection<byte[]>? _inbox;
        private readonly Thread? _thread;
        private volatile DatagramReceiver? _receiver;
        private volatile bool _disposed;
        private volatile ConcurrentQueue<byte[]>? _held;

        public Side(bool concurrentDelivery)
        {
            if (!concurrentDelivery)
            {
                _inbox = new BlockingCollection<byte[]>(new ConcurrentQueue<byte[]>(), 100_000);
                _thread = new Thread(Run) { IsBackground = true, Name = "ThreadedLink delivery" };
                _thread.Start();
            }
        }

        public Side? Peer { get; set; }

        public ConcurrentQueue<byte[]>? Held
        {
            get => _held;
            set => _held = value;
        }

        public SemaphoreSlim HeldSignal { get; } = new(0);

        public int ThreadId => _thread?.ManagedThreadId ?? 0;

        public int MaxDatagramSize => 1200;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            Peer!.Accept(datagram.ToArray());
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;

        public void Dispose()
        {
            _disposed = true;
            _inbox?.CompleteAdding();
            _thread?.Join(TimeSpan.FromSeconds(5));
        }

        private void Accept(byte[] datagram)
        {
            if (_disposed)
            {
                return;
            }

            if (Held is { } held)
            {
                held.Enqueue(datagram);
                HeldSignal.Release();
                return;
            }

            if (_inbox is null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.Self.Deliver(s.Datagram), (Self: this, Datagram: datagram), preferLocal: false);
            }
            else
            {
                _inbox.TryAdd(datagram);
            }
        }

        private void Run()
        {
            foreach (var datagram in _inbox!.GetConsumingEnumerable())
            {
                Deliver(datagram);
            }
        }

        public void Deliver(byte[] datagram) => _receiver?.Invoke(datagram);
    }
}
