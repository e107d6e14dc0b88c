using System.Threading.Channels;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Two connected in-memory datagram endpoints with asynchronous delivery and an optional drop filter.</summary>
internal sealed class InMemoryDatagramPair : IAsyncDisposable
{
    public InMemoryDatagramPair(int maxDatagramSize = 1232, Func<int, byte[], bool>? dropAToB = null, Func<int, byte[], bool>? dropBToA = null)
    {
        A = new Endpoint(maxDatagramSize, dropAToB);
        B = new Endpoint(maxDatagramSize, dropBToA);
        A.Peer = B;
        B.Peer = A;
    }

    public Endpoint A { get; }

    public Endpoint B { get; }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    internal sealed class Endpoint : IDatagramTransport, IAsyncDisposable
    {
        private readonly Channel<byte[]> _inbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Func<int, byte[], bool>? _dropOutbound;
        private readonly Task _loop;
        private readonly Lock _lock = new();
        private readonly Queue<byte[]> _early = new();
        private DatagramReceiver? _receiver;
        private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sent;

        public Endpoint(int maxDatagramSize, Func<int, byte[], bool>? dropOutbound)
        {
            MaxDatagramSize = maxDatagramSize;
            _dropOutbound = dropOutbound;
            _loop = Task.Run(DeliverLoopAsync);
        }

        public Endpoint? Peer { get; set; }

        public int MaxDatagramSize { get; }

        public int Sent => Volatile.Read(ref _sent);

        /// <summary>Completes when the first datagram has been sent (dropped or not).</summary>
        public Task FirstSent => _firstSent.Task;

        public int Dropped { get; private set; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            if (datagram.Length > MaxDatagramSize)
            {
                throw new ArgumentException("too large", nameof(datagram));
            }

            var copy = datagram.ToArray();
            var index = Interlocked.Increment(ref _sent) - 1;
            _firstSent.TrySetResult();
            if (_dropOutbound?.Invoke(index, copy) == true)
            {
                Dropped++;
                return ValueTask.CompletedTask;
            }

            Peer!._inbox.Writer.TryWrite(copy);
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver)
        {
            lock (_lock)
            {
                _receiver = receiver;
                while (receiver is not null && _early.TryDequeue(out var early))
                {
                    receiver(early);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _inbox.Writer.TryComplete();
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }

        private async Task DeliverLoopAsync()
        {
            await foreach (var datagram in _inbox.Reader.ReadAllAsync())
            {
                lock (_lock)
                {
                    if (_receiver is { } receiver)
                    {
                        receiver(datagram);
                    }
                    else if (_early.Count < 64)
                    {
                        _early.Enqueue(datagram);
                    }
                }
            }
        }
    }
}
