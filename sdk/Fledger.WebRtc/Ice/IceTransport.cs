using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Ice;

/// <summary>
/// The <see cref="IDatagramTransport"/> an <see cref="IceAgent"/> exposes to DTLS: non-STUN datagrams to and
/// from the selected (or first valid) pair. Sends are synchronous UDP sends; receives are delivered on the
/// agent's receive loop.
/// </summary>
internal sealed class IceTransport(int maxDatagramSize, int maxBuffered, Func<bool>? dropOutgoing = null) : IDatagramTransport
{
    internal long BytesSent;
    internal long BytesReceived;
    internal long Dropped;

    private readonly Lock _receiverGate = new();
    private readonly Queue<byte[]> _buffered = new();
    private DatagramReceiver? _receiver;
    private volatile Socket? _socket;
    private volatile SocketAddress? _target;
    private volatile SocketAddress[] _peers = [];
    private volatile bool _closed;

    public int MaxDatagramSize => maxDatagramSize;

    /// <summary>
    /// Raised on the receive loop, outside any lock, for each datagram from a validated peer that was buffered because no
    /// receiver (DTLS) exists yet, e.g. a ClientHello that arrives before the SDP answer.
    /// </summary>
    internal event Action<byte[]>? BufferedBeforeReceiver;

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        if (datagram.Length > maxDatagramSize)
        {
            throw new ArgumentException($"Datagram of {datagram.Length} bytes exceeds {maxDatagramSize}.", nameof(datagram));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var socket = _socket;
        var target = _target;
        if (socket is null || target is null || _closed)
        {
            Interlocked.Increment(ref Dropped);
            return ValueTask.CompletedTask;
        }

        if (dropOutgoing?.Invoke() == true)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            socket.SendTo(datagram.Span, SocketFlags.None, target);
            Interlocked.Add(ref BytesSent, datagram.Length);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref Dropped);
        }

        return ValueTask.CompletedTask;
    }

    public void SetReceiver(DatagramReceiver? receiver)
    {
        lock (_receiverGate)
        {
            _receiver = receiver;
            while (_receiver is not null && _buffered.TryDequeue(out var datagram))
            {
                Interlocked.Add(ref BytesReceived, datagram.Length);
                _receiver(datagram);
            }
        }
    }

    internal void Attach(Socket socket) => _socket = socket;

    internal void SetTarget(SocketAddress? target) => _target = target;

    internal void AddPeer(SocketAddress address)
    {
        var peers = _peers;
        foreach (var peer in peers)
        {
            if (peer.Equals(address))
            {
                return;
            }
        }

        _peers = [.. peers, address];
    }

    internal void Close()
    {
        _closed = true;
        _target = null;
        lock (_receiverGate)
        {
            _buffered.Clear();
        }
    }

    /// <summary>Delivers a DTLS-range datagram from <paramref name="from"/> if it is a validated peer.</summary>
    internal void Deliver(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var known = false;
        foreach (var peer in _peers)
        {
            if (peer.Equals(from))
            {
                known = true;
                break;
            }
        }

        if (!known || _closed)
        {
            Interlocked.Increment(ref Dropped);
            return;
        }

        byte[]? buffered = null;
        lock (_receiverGate)
        {
            if (_receiver is not null)
            {
                Interlocked.Add(ref BytesReceived, datagram.Length);
                _receiver(datagram);
            }
            else if (_buffered.Count < maxBuffered)
            {
                buffered = datagram.ToArray();
                _buffered.Enqueue(buffered);
            }
            else
            {
                Interlocked.Increment(ref Dropped);
            }
        }

        if (buffered is not null)
        {
            BufferedBeforeReceiver?.Invoke(buffered);
        }
    }
}
