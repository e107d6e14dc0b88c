using System.Threading.Channels;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Dtls;

/// <summary>Two in-process datagram endpoints wired to each other (asynchronous delivery), used to warm up DTLS.</summary>
internal sealed class LoopbackDatagramPair : IAsyncDisposable
{
    private const int Capacity = 64;

    public LoopbackDatagramPair(int maxDatagramSize)
    {
        A = new Endpoint(maxDatagramSize);
        B = new Endpoint(maxDatagramSize);
        A.Peer = B;
        B.Peer = A;
    }

    public Endpoint A { get; }

    public Endpoint B { get; }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync().ConfigureAwait(false);
        await B.DisposeAsync().ConfigureAwait(false);
    }

    internal sealed class Endpoint : IDatagramTransport, IAsyncDisposable
    {
        private readonly Channel<byte[]> _inbox = Channel.CreateBounded<byte[]>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

        private readonly Task _loop;
        private volatile DatagramReceiver? _receiver;

        public Endpoint(int maxDatagramSize)
        {
            MaxDatagramSize = maxDatagramSize;
            _loop = Task.Run(DeliverAsync);
        }

        public Endpoint? Peer { get; set; }

        public int MaxDatagramSize { get; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            Peer?._inbox.Writer.TryWrite(datagram.ToArray());
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;

        public async ValueTask DisposeAsync()
        {
            _inbox.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }

        private async Task DeliverAsync()
        {
            await foreach (var datagram in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                _receiver?.Invoke(datagram);
            }
        }
    }
}
