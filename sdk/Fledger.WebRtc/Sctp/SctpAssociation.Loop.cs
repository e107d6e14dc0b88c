using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Sctp;

/// <summary>
/// The serialized event loop: datagrams, timer expiries, user requests; one owner at a time, no locks on protocol state.
/// </summary>
/// <remarks>
/// <para>
/// Ownership is one flag (<see cref="_owner"/>) taken with a compare-and-swap. Events are queued and whoever queues into
/// an idle loop takes ownership and runs it on the thread pool (an actor mailbox). A datagram that arrives while the loop
/// is idle and nothing is queued is processed at once on the delivering thread (the ICE receive loop, after DTLS
/// decryption): no copy and no thread hop per datagram. While the loop is owned, datagrams are queued and the owner
/// processes them in order, so protocol state is only ever touched by one thread, and a call made from inside an event
/// handler (a <see cref="Send"/> from <see cref="MessageReceived"/>) is queued and handled after the handler returns.
/// </para>
/// <para>
/// Acquiring and releasing the flag are full fences, so each owner sees the state its predecessor left.
/// </para>
/// </remarks>
public sealed partial class SctpAssociation
{
    /// <summary>Events handled before the loop transmits (a due SACK ends a batch earlier).</summary>
    private const int EventsPerBatch = 64;

    /// <summary>Batches a thread-pool run handles before it re-queues itself (fairness among associations).</summary>
    private const int PoolBatches = 16;

    /// <summary>Batches of queued events a delivering thread handles after its own datagram before handing over to the pool.</summary>
    private const int InlineBatches = 1;

    private void Post(Action action)
    {
        if (Volatile.Read(ref _started) == 0)
        {
            // Not started: no loop owns the state yet, so run here (an ABORT or shutdown before Start just closes).
            action();
            return;
        }

        if (_stopping)
        {
            _closed.TrySetResult();
            return;
        }

        Enqueue(new LoopEvent(EventKind.Invoke, null, 0, 0, action));
    }

    private void Kick()
    {
        if (Interlocked.Exchange(ref _kickPending, 1) == 0)
        {
            Enqueue(new LoopEvent(EventKind.Kick, null, 0, 0, null));
        }
    }

    private void PostTimer(int id) => Enqueue(new LoopEvent(EventKind.Timer, null, 0, id, null));

    /// <summary>Queues an event; if the loop is idle, this thread takes ownership and hands the run to the thread pool.</summary>
    private void Enqueue(in LoopEvent ev)
    {
        _events.Enqueue(ev);
        if (Interlocked.CompareExchange(ref _owner, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_workItem, preferLocal: false);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < SctpPacket.CommonHeaderSize || datagram.Length > SctpPacket.MaxPacketSize || _stopping)
        {
            return;
        }

        if (!ReceiveBacklog.IsBehind && _events.IsEmpty && Interlocked.CompareExchange(ref _owner, 1, 0) == 0)
        {
            // The loop was idle with nothing queued: this thread owns it now and processes the packet where it lies.
            // Not when the receive thread is behind the sender (more datagrams already waiting in the socket): then
            // the packet is queued and the loop runs on another thread while this one decrypts the next datagrams,
            // rather than letting the socket buffer overflow behind a receive thread that does everything.
            // Datagrams queued earlier by this transport were either still queued (seen above, so this one queues
            // behind them) or taken by the previous owner, which finished them before it released the loop.
            _packetsInline++;
            try
            {
                OnPacket(datagram);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLoopError(ex);
            }

            RunOwned(InlineBatches);
            return;
        }

        if (Interlocked.Increment(ref _queuedDatagrams) > MaxQueuedDatagrams)
        {
            Interlocked.Decrement(ref _queuedDatagrams);
            return;
        }

        var buffer = SctpBufferPool.Packets.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        Enqueue(new LoopEvent(EventKind.Datagram, buffer, datagram.Length, 0, null));
    }

    /// <summary>
    /// Runs the loop on this thread, which owns it: up to <paramref name="batches"/> batches (handle queued events,
    /// transmit), then releases it, or hands it (still owned) to the thread pool when work remains. Never throws.
    /// </summary>
    private void RunOwned(int batches)
    {
        while (true)
        {
            if (_stopping)
            {
                Stop();
                return;
            }

            RunBatch();
            try
            {
                Transmit();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLoopError(ex);
            }

            var sent = SendOutgoingAsync();
            if (!sent.IsCompletedSuccessfully)
            {
                _ = ContinueAfterSendAsync(sent);
                return;
            }

            if (!TryKeepOwnership())
            {
                return;
            }

            if (--batches <= 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_workItem, preferLocal: false);
                return;
            }
        }
    }

    private void RunBatch()
    {
        var handled = 0;
        while (handled++ < EventsPerBatch && _events.TryDequeue(out var ev))
        {
            try
            {
                Handle(ev);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogLoopError(ex);
            }

            if (_sackNow && (_dataPacketsSinceSack >= MaxPacketsPerSack || !_events.TryPeek(out var next) || next.Kind != EventKind.Datagram))
            {
                // RFC 9260 §6.2: acknowledge every second DATA packet. The SACK leaves now rather than after the
                // whole batch, which keeps the peer's ack clock (and its cwnd growth, capped per SACK) going;
                // only packets already waiting behind this one (they arrived together) share a SACK, up to a cap.
                break;
            }
        }
    }

    /// <summary>
    /// After a batch: keeps ownership when more work is queued (or the loop is stopping); otherwise releases it and
    /// takes it back only if an event was queued meanwhile (its producer saw the loop owned and left it to us).
    /// </summary>
    private bool TryKeepOwnership()
    {
        if (!_events.IsEmpty || _stopping)
        {
            return true;
        }

        // Exchange, not a plain write: a full fence, so the emptiness check below cannot be ordered before the release.
        Interlocked.Exchange(ref _owner, 0);
        return (!_events.IsEmpty || _stopping) && Interlocked.CompareExchange(ref _owner, 1, 0) == 0;
    }

    private async Task ContinueAfterSendAsync(ValueTask sent)
    {
        await sent.ConfigureAwait(false);
        if (TryKeepOwnership())
        {
            RunOwned(PoolBatches);
        }
    }

    /// <summary>Hands the loop, owned since construction, to whoever queues next (and to the pool if events are waiting).</summary>
    private void ReleaseInitialOwnership()
    {
        if (TryKeepOwnership())
        {
            ThreadPool.UnsafeQueueUserWorkItem(_workItem, preferLocal: false);
        }
    }

    private async Task ReleaseAfterAsync(Task pendingSend)
    {
        await pendingSend.ConfigureAwait(false);
        ReleaseInitialOwnership();
    }

    /// <summary>Called by the owner once the association is disposed: drops what is queued; ownership is never released again.</summary>
    private void Stop()
    {
        while (_events.TryDequeue(out var left))
        {
            if (left.Buffer is { } buffer)
            {
                Interlocked.Decrement(ref _queuedDatagrams);
                SctpBufferPool.Packets.Return(buffer);
            }
        }

        if (_loopEnded.TrySetResult())
        {
            WebRtcDiagnostics.LoopEnded();
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
                // Exchange, not a plain write: a full fence, so a message queued by a Send that saw the flag still set is
                // seen by the drain below.
                Interlocked.Exchange(ref _kickPending, 0);
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

    /// <summary>The thread-pool entry of the loop (one per association, so queueing a run allocates nothing).</summary>
    private sealed class LoopWorkItem(SctpAssociation association) : IThreadPoolWorkItem
    {
        public void Execute() => association.RunOwned(PoolBatches);
    }
}
