using System.Threading.Channels;

namespace Fledger.WebRtc.Transport;

public sealed partial class SimulatedLink
{
    /// <summary>One direction: a bounded queue and the loop that hands datagrams to the receiver.</summary>
    private sealed class Direction
    {
        private const int MaxPendingWithoutReceiver = 64;
        private readonly SimulatedLink _link;
        private readonly Channel<Packet> _queue;
        private readonly Queue<Packet> _pending = new();
        private readonly Lock _pendingLock = new();
        private DatagramReceiver? _receiver;
        private int _queued;

        public Direction(SimulatedLink link)
        {
            _link = link;
            _queue = Channel.CreateUnbounded<Packet>(new UnboundedChannelOptions { SingleReader = true });
            _ = Task.Run(RunAsync);
        }

        public void SetReceiver(DatagramReceiver? receiver)
        {
            Volatile.Write(ref _receiver, receiver);
            if (receiver is not null)
            {
                _queue.Writer.TryWrite(Packet.Flush);
            }
        }

        public void Enqueue(Packet packet)
        {
            if (Interlocked.Increment(ref _queued) > _link._options.QueueCapacity || !_queue.Writer.TryWrite(packet))
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _link._dropped);
                Return(packet);
            }
        }

        public void Complete() => _queue.Writer.TryComplete();

        private static void Return(Packet packet)
        {
            if (packet.Buffer is { } buffer)
            {
                Pool.Return(buffer);
            }
        }

        private async Task RunAsync()
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var packet))
                {
                    if (packet.Buffer is null)
                    {
                        DeliverPending();
                        continue;
                    }

                    Interlocked.Decrement(ref _queued);
                    DeliverPending();
                    var receiver = Volatile.Read(ref _receiver);
                    if (receiver is null)
                    {
                        Park(packet);
                        continue;
                    }

                    Deliver(receiver, packet);
                }
            }

            while (reader.TryRead(out var left))
            {
                Return(left);
            }
        }

        private void Park(Packet packet)
        {
            lock (_pendingLock)
            {
                if (_pending.Count < MaxPendingWithoutReceiver)
                {
                    _pending.Enqueue(packet);
                    return;
                }
            }

            Interlocked.Increment(ref _link._dropped);
            Return(packet);
        }

        private void DeliverPending()
        {
            while (Volatile.Read(ref _receiver) is { } receiver)
            {
                Packet next;
                lock (_pendingLock)
                {
                    if (!_pending.TryDequeue(out next))
                    {
                        return;
                    }
                }

                Deliver(receiver, next);
            }
        }

        private void Deliver(DatagramReceiver receiver, Packet packet)
        {
            try
            {
                Interlocked.Increment(ref _link._delivered);
                receiver(packet.Buffer.AsSpan(0, packet.Length));
            }
            finally
            {
                Return(packet);
            }
        }
    }

    private sealed class Endpoint(SimulatedLink link, Direction outgoing, Direction incoming) : IDatagramTransport
    {
        public int MaxDatagramSize => link._options.MaxDatagramSize;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            link.Send(outgoing, datagram.Span);
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver) => incoming.SetReceiver(receiver);
    }
}
