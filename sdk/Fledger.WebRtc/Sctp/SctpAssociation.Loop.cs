namespace Fledger.WebRtc.Sctp;

/// <summary>The serialized event loop: datagrams, timer expiries, user requests; one reader, no locks on protocol state.</summary>
public sealed partial class SctpAssociation
{
    private void Post(Action action)
    {
        if (Volatile.Read(ref _loop) is null)
        {
            // Not started: no loop owns the state yet, so run here (an ABORT or shutdown before Start just closes).
            action();
            return;
        }

        if (!_events.Writer.TryWrite(new LoopEvent(EventKind.Invoke, null, 0, 0, action)))
        {
            _closed.TrySetResult();
        }
    }

    private void Kick()
    {
        if (Interlocked.Exchange(ref _kickPending, 1) == 0)
        {
            _events.Writer.TryWrite(new LoopEvent(EventKind.Kick, null, 0, 0, null));
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < SctpPacket.CommonHeaderSize || datagram.Length > SctpPacket.MaxPacketSize
            || Interlocked.Increment(ref _queuedDatagrams) > MaxQueuedDatagrams)
        {
            Interlocked.Decrement(ref _queuedDatagrams);
            return;
        }

        var buffer = SctpBufferPool.Packets.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        if (!_events.Writer.TryWrite(new LoopEvent(EventKind.Datagram, buffer, datagram.Length, 0, null)))
        {
            SctpBufferPool.Packets.Return(buffer);
        }
    }

    private async Task RunAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var handled = 0;
            while (handled++ < 64 && reader.TryRead(out var ev))
            {
                try
                {
                    Handle(ev);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogLoopError(ex);
                }

                if (_sackNow && (_dataPacketsSinceSack >= MaxPacketsPerSack || !reader.TryPeek(out var next) || next.Kind != EventKind.Datagram))
                {
                    // RFC 9260 §6.2: acknowledge every second DATA packet. The SACK leaves now rather than after the
                    // whole batch, which keeps the peer's ack clock (and its cwnd growth, capped per SACK) going;
                    // only packets already waiting behind this one (they arrived together) share a SACK, up to a cap.
                    break;
                }
            }

            try
            {
                Transmit();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLoopError(ex);
            }

            await SendOutgoingAsync().ConfigureAwait(false);
        }

        while (reader.TryRead(out var left))
        {
            if (left.Buffer is { } buffer)
            {
                SctpBufferPool.Packets.Return(buffer);
            }
        }
    }

    private void Handle(in LoopEvent ev)
    {
        switch (ev.Kind)
        {
            case EventKind.Datagram:
                Interlocked.Decrement(ref _queuedDatagrams);
                try
                {
                    OnPacket(ev.Buffer.AsSpan(0, ev.Length));
                }
                finally
                {
                    SctpBufferPool.Packets.Return(ev.Buffer!);
                }

                break;
            case EventKind.Kick:
                Volatile.Write(ref _kickPending, 0);
                DrainUserQueue();
                break;
            case EventKind.Timer:
                OnTimer(ev.TimerId);
                break;
            case EventKind.Invoke:
                ((Action)ev.Payload!)();
                break;
        }
    }

    private void OnTimer(int id)
    {
        switch (id)
        {
            case TimerT1 when _t1.TryExpire():
                OnT1Expired();
                break;
            case TimerT3 when _t3.TryExpire():
                OnT3Expired();
                break;
            case TimerSack when _sackTimer.TryExpire():
                _sackNow = true;
                break;
            case TimerHeartbeat when _heartbeatTimer.TryExpire():
                OnHeartbeatTimer();
                break;
            case TimerT2 when _t2.TryExpire():
                OnT2Expired();
                break;
            case TimerReconfig when _reconfigTimer.TryExpire():
                OnReconfigTimer();
                break;
        }
    }

    private async ValueTask SendOutgoingAsync()
    {
        for (var i = 0; i < _outgoing.Count; i++)
        {
            var (buffer, length) = _outgoing[i];
            try
            {
                await _transport.SendAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                _packetsSent++;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogSendFailed(ex);
            }
            finally
            {
                SctpBufferPool.Packets.Return(buffer);
            }
        }

        _outgoing.Clear();
    }

    private enum EventKind : byte
    {
        Datagram,
        Kick,
        Timer,
        Invoke,
    }

    private readonly record struct LoopEvent(EventKind Kind, byte[]? Buffer, int Length, int TimerId, object? Payload);
}
