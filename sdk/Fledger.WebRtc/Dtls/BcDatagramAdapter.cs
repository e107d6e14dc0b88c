using System.Buffers;
using System.Threading.Channels;
using Fledger.WebRtc.Transport;
using Org.BouncyCastle.Tls;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Bridges an <see cref="IDatagramTransport"/> to BouncyCastle's blocking <see cref="DatagramTransport"/>:
/// inbound datagrams are copied into pooled buffers and queued on a bounded channel; <c>Receive</c> waits on
/// that channel with a timeout (no polling). The blocking wait is signalled directly by the writer through an event, so
/// a starved thread pool cannot delay the handshake. Thread-safe for one blocking reader and any number of senders.
/// </summary>
/// <remarks>
/// Until <see cref="EndHandshake"/>, the records of a handshake flight are coalesced into as few datagrams as fit the
/// send limit (RFC 6347 §4.1.1: several records may share a datagram), as BoringSSL does, instead of one datagram per
/// message. The pending flight is sent when the next record does not fit, when BouncyCastle waits in <c>Receive</c>
/// (our flight, or its retransmission, is complete then), on <see cref="EndHandshake"/> (the server's last flight is
/// not followed by a receive) and on <see cref="Close"/> (a final alert).
/// </remarks>
internal sealed class BcDatagramAdapter : DatagramTransport
{
    /// <summary>More than any suite's record overhead (GCM 24, ChaCha20-Poly1305 16, CBC IV + MAC + padding).</summary>
    private const int RecordExpansionAllowance = 96;

    private readonly IDatagramTransport _lower;
    private readonly Channel<(byte[] Buffer, int Length)> _inbound;
    private readonly int _receiveLimit;
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer;
    private readonly byte[] _flight;
    private readonly ManualResetEventSlim _dataAvailable = new(false, spinCount: 0);
    private volatile bool _closed;
    private volatile bool _coalescing = true;
    private int _flightLength;
    private int _queued;
    private byte[] _direct = [];
    private int _directLength = -1;

    public BcDatagramAdapter(IDatagramTransport lower, int capacity, int receiveLimit)
    {
        _lower = lower;
        _receiveLimit = receiveLimit;
        _sendBuffer = new byte[Math.Max(lower.MaxDatagramSize, 1)];
        _flight = new byte[_sendBuffer.Length];
        _inbound = Channel.CreateBounded<(byte[] Buffer, int Length)>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = false, SingleReader = false },
            dropped =>
            {
                Interlocked.Decrement(ref _queued);
                ArrayPool<byte>.Shared.Return(dropped.Buffer);
            });
    }

    /// <summary>Raised once when the adapter closes (locally, or by BouncyCastle after close_notify / failure).</summary>
    public event Action? Closed;

    public bool IsClosed => _closed;

    /// <summary>Whether datagrams queued through <see cref="Enqueue"/> are waiting (their sizes are unknown).</summary>
    public bool HasChannelItems => Volatile.Read(ref _queued) > 0;

    /// <summary>Whether a datagram is queued or offered.</summary>
    public bool HasQueued => Volatile.Read(ref _queued) > 0 || _directLength >= 0;

    /// <summary>
    /// After the handshake, <c>Receive</c> runs on the delivering thread right after a datagram was queued:
    /// it must never block there, so with this set it returns -1 at once when the queue is empty.
    /// </summary>
    public bool NonBlocking { get; set; }

    /// <summary>Queues a copy of an inbound datagram; false when closed or too large.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.Length > _receiveLimit)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        Interlocked.Increment(ref _queued);
        if (!_inbound.Writer.TryWrite((buffer, datagram.Length)))
        {
            Interlocked.Decrement(ref _queued);
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        _dataAvailable.Set();
        return true;
    }

    /// <summary>
    /// Non-blocking mode: hands one datagram to the next <c>Receive</c> without the queue (one copy into a reused
    /// buffer, no channel lock). The caller serializes offers and receives and lets BouncyCastle consume it at once.
    /// </summary>
    public bool Offer(ReadOnlySpan<byte> datagram)
    {
        if (_closed || datagram.Length > _receiveLimit)
        {
            return false;
        }

        if (_direct.Length < _receiveLimit)
        {
            _direct = new byte[_receiveLimit];
        }

        datagram.CopyTo(_direct);
        _directLength = datagram.Length;
        return true;
    }

    /// <remarks>
    /// BouncyCastle allocates a record buffer of this size for every receive. In non-blocking mode with one offered
    /// datagram it is sized to that datagram (plus room for any record expansion), so small records such as SACKs do
    /// not each cost a full-size buffer.
    /// </remarks>
    public int GetReceiveLimit() =>
        NonBlocking && _directLength >= 0 && Volatile.Read(ref _queued) == 0
            ? Math.Min(_receiveLimit, _directLength + RecordExpansionAllowance)
            : _receiveLimit;

    public int GetSendLimit() => _sendBuffer.Length;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (Volatile.Read(ref _flightLength) > 0)
        {
            Flush();
        }

        while (true)
        {
            if (_closed)
            {
                throw new DtlsAdapterClosedException();
            }

            if (Volatile.Read(ref _queued) > 0 && _inbound.Reader.TryRead(out var item))
            {
                Interlocked.Decrement(ref _queued);
                var length = Math.Min(item.Length, buffer.Length);
                item.Buffer.AsSpan(0, length).CopyTo(buffer);
                ArrayPool<byte>.Shared.Return(item.Buffer);
                return length;
            }

            if (_directLength >= 0)
            {
                var length = Math.Min(_directLength, buffer.Length);
                _direct.AsSpan(0, length).CopyTo(buffer);
                _directLength = -1;
                return length;
            }

            if (waitMillis <= 0 || NonBlocking || !WaitBlocking(waitMillis))
            {
                return -1;
            }
        }
    }

    public void Send(byte[] buf, int off, int len)
    {
        if (_closed || len > _sendBuffer.Length)
        {
            return;
        }

        if (Coalescing)
        {
            Send(buf.AsSpan(off, len));
            return;
        }

        // BouncyCastle encodes every record into a fresh array: send it as is, no copy.
        var pending = _lower.SendAsync(buf.AsMemory(off, len));
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed || buffer.Length > _sendBuffer.Length)
        {
            return;
        }

        lock (_sendLock)
        {
            if (Coalescing)
            {
                if (_flightLength + buffer.Length > _flight.Length)
                {
                    FlushLocked();
                }

                buffer.CopyTo(_flight.AsSpan(_flightLength));
                Volatile.Write(ref _flightLength, _flightLength + buffer.Length);
                return;
            }

            buffer.CopyTo(_sendBuffer);
            var pending = _lower.SendAsync(_sendBuffer.AsMemory(0, buffer.Length));
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// Sends the pending flight (the server's last one: ChangeCipherSpec + Finished) and stops coalescing: from now on
    /// every record goes out at once. Call right after the handshake returns.
    /// </summary>
    /// <exception cref="IOException">Sending failed, as BouncyCastle's own sends would report it.</exception>
    /// <exception cref="TlsFatalAlert">Sending failed otherwise (BouncyCastle reports such failures as internal_error).</exception>
    public void EndHandshake()
    {
        lock (_sendLock)
        {
            _coalescing = false;
            try
            {
                FlushLocked();
            }
            catch (Exception ex) when (ex is not (IOException or TlsException))
            {
                throw new TlsFatalAlert(AlertDescription.internal_error, ex);
            }
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        try
        {
            // A final alert BouncyCastle sent before closing is still pending. Like BouncyCastle, which ignores a
            // failure to send its alert, a close never fails for it.
            Flush();
        }
        catch (IOException)
        {
        }

        _closed = true;
        _inbound.Writer.TryComplete();
        _dataAvailable.Set();
        while (_inbound.Reader.TryRead(out var item))
        {
            Interlocked.Decrement(ref _queued);
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }

        Closed?.Invoke();
    }

    /// <summary>Whether sent records are collected into the pending flight (during the handshake only).</summary>
    private bool Coalescing => _coalescing && !NonBlocking;

    private void Flush()
    {
        lock (_sendLock)
        {
            FlushLocked();
        }
    }

    /// <summary>Sends the pending flight as one datagram; a send error surfaces to the caller (BouncyCastle).</summary>
    private void FlushLocked()
    {
        var length = _flightLength;
        if (length == 0)
        {
            return;
        }

        Volatile.Write(ref _flightLength, 0);
        if (_closed)
        {
            return;
        }

        var pending = _lower.SendAsync(_flight.AsMemory(0, length));
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Blocks the (dedicated) handshake thread until data may be queued, the timeout elapses or the adapter closes.</summary>
    private bool WaitBlocking(int waitMillis)
    {
        // Reset before re-checking the queue, so a write between the check and the wait is never missed.
        _dataAvailable.Reset();
        if (_inbound.Reader.Count > 0 || _closed)
        {
            return true;
        }

        return _dataAvailable.Wait(waitMillis);
    }
}
