using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Ice;

public sealed partial class IceAgent
{
    /// <summary>One pacing step every Ta: retransmissions, one check, nomination, consent, timeouts.</summary>
    private void OnTick()
    {
        try
        {
            Tick();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Timer callbacks run on the thread pool: an escaping exception would end the process.
            LogDispatchFailed(ex);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || _socket is null)
            {
                return;
            }

            var now = Now;
            ProcessTimeouts(now);
            FailIfExhausted();
            if (_remoteKey is not null && _state is not (IceConnectionState.Failed or IceConnectionState.Closed))
            {
                Pump(now, paced: true);
                RunConsent(now);
            }

            if (_state == IceConnectionState.Checking && _firstValid is null && _checkingSince >= 0 &&
                now - _checkingSince >= (long)_options.ConnectTimeout.TotalMilliseconds)
            {
                LogConnectTimeout();
                Fail();
            }

            AdjustTimer();
        }

        FlushEvents();
    }

    private void StartCheckingIfReady(long now)
    {
        if (_socket is null || _remoteKey is null || _disposed)
        {
            return;
        }

        if (_checkingSince < 0)
        {
            _checkingSince = now;
        }

        if (_state == IceConnectionState.New)
        {
            SetState(IceConnectionState.Checking);
        }

        Pump(now, paced: false);
    }

    /// <summary>
    /// Sends what is due now instead of on the next timer tick: every queued triggered check (RFC 8445 §7.3.1.4;
    /// at most one per pair), the nomination once it is decided, and the next ordinary check when the pacing
    /// interval Ta has passed since the previous one (or none was sent yet), so the first check leaves at once.
    /// Called under the lock whenever work arrives (credentials, a remote candidate, a request, a response) and
    /// from the timer (<paramref name="paced"/>: the tick itself is the Ta slot). Then re-arms the timer.
    /// </summary>
    private void Pump(long now, bool paced)
    {
        if (_socket is null || _remoteKey is null || _disposed || _state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return;
        }

        NominateIfReady(now);
        SendTriggeredChecks(now);
        if (_selected is null && (paced || _lastOrdinaryCheckAt < 0 || now - _lastOrdinaryCheckAt >= (long)_options.CheckInterval.TotalMilliseconds)
            && SendOrdinaryCheck(now) && !paced && _timer is not null)
        {
            // The next Ta slot starts now.
            _idleTimer = false;
            _timer.Change(_options.CheckInterval, _options.CheckInterval);
        }

        AdjustTimer();
    }

    private IceCandidatePair AddPair(IceCandidate remote, IPEndPoint endPoint)
    {
        var pair = new IceCandidatePair(remote, endPoint, ToSocketAddress(endPoint));
        pair.Priority = PairPriority(pair);
        var index = _pairs.FindIndex(p => p.Priority < pair.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, pair);
        return pair;
    }

    private IceCandidatePair? FindPair(IPEndPoint endPoint)
    {
        foreach (var pair in _pairs)
        {
            if (pair.RemoteEndPoint.Equals(endPoint))
            {
                return pair;
            }
        }

        return null;
    }

    private ulong PairPriority(IceCandidatePair pair)
    {
        var local = _localCandidates.Count > 0 ? _localCandidates[0].Priority : _localPriority;
        return _role == IceRole.Controlling
            ? IceCandidatePair.ComputePriority(local, pair.Remote.Priority)
            : IceCandidatePair.ComputePriority(pair.Remote.Priority, local);
    }

    private void SwitchRole(IceRole role)
    {
        _role = role;
        foreach (var pair in _pairs)
        {
            pair.Priority = PairPriority(pair);
        }

        _pairs.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));
        _nominating = false;
    }

    private void EnqueueTriggered(IceCandidatePair pair, bool useCandidate)
    {
        pair.TriggeredUseCandidate |= useCandidate;
        if (!pair.Triggered)
        {
            pair.Triggered = true;
            _triggered.Enqueue(pair);
        }
    }

    /// <summary>Sends every queued triggered check at once (one per pair; the queue holds each pair once).</summary>
    private void SendTriggeredChecks(long now)
    {
        while (_triggered.TryDequeue(out var triggered))
        {
            triggered.Triggered = false;
            var useCandidate = triggered.TriggeredUseCandidate;
            triggered.TriggeredUseCandidate = false;
            if (triggered.State != IcePairState.Failed)
            {
                SendCheck(triggered, useCandidate, IceTransactionKind.Check, now);
            }
        }
    }

    /// <summary>Sends one ordinary check: the highest-priority waiting pair (RFC 8445 §6.1.4.2), paced by Ta.</summary>
    private bool SendOrdinaryCheck(long now)
    {
        foreach (var pair in _pairs)
        {
            if (pair.State == IcePairState.Waiting)
            {
                _lastOrdinaryCheckAt = now;
                SendCheck(pair, useCandidate: false, IceTransactionKind.Check, now);
                return true;
            }
        }

        return false;
    }

    /// <summary>Regular nomination (RFC 8445 §8.1.1): once the best valid pair is known, check it again with USE-CANDIDATE.</summary>
    private void NominateIfReady(long now)
    {
        if (_role != IceRole.Controlling || _nominating || _selected is { Nominated: true } || _firstValid is null)
        {
            return;
        }

        IceCandidatePair? best = null;
        var betterPending = false;
        foreach (var pair in _pairs)
        {
            if (pair.State == IcePairState.Succeeded)
            {
                best = pair;
                break;
            }

            if (pair.State is IcePairState.Waiting or IcePairState.InProgress)
            {
                betterPending = true;
            }
        }

        if (best is null || (betterPending && now - _firstValidAt < (long)_options.NominationDelay.TotalMilliseconds))
        {
            return;
        }

        _nominating = true;
        EnqueueTriggered(best, useCandidate: true);
    }

    private void Nominate(IceCandidatePair pair)
    {
        if (_selected == pair && pair.Nominated)
        {
            return;
        }

        pair.Nominated = true;
        _selected = pair;
        LogSelected(pair.RemoteEndPoint, IceCandidate.TypeName(pair.LocalType), IceCandidate.TypeName(pair.Remote.Type));
        UpdateSendTarget();
        if (_state is IceConnectionState.Checking or IceConnectionState.Connected or IceConnectionState.New)
        {
            SetState(IceConnectionState.Completed);
        }
    }

    /// <summary>Consent freshness (RFC 7675 §5.1): a check every ConsentInterval ±20 %; expire after ConsentTimeout.</summary>
    private void RunConsent(long now)
    {
        var pair = _selected ?? _firstValid;
        if (pair is null || _state is not (IceConnectionState.Connected or IceConnectionState.Completed or IceConnectionState.Disconnected))
        {
            return;
        }

        var silent = now - _lastConsentAt;
        if (silent >= (long)_options.ConsentTimeout.TotalMilliseconds)
        {
            LogConsentExpired(silent);
            Fail();
            return;
        }

        if (silent >= (long)_options.DisconnectedTimeout.TotalMilliseconds)
        {
            SetState(IceConnectionState.Disconnected);
        }

        if (now >= _nextConsentAt)
        {
            _nextConsentAt = now + ConsentDelay();
            SendCheck(pair, useCandidate: false, IceTransactionKind.Consent, now);
        }
    }

    private long ConsentDelay()
    {
        var mean = _options.ConsentInterval.TotalMilliseconds;
        var jitter = (NextRandom64() % 4001) / 10000.0; // 0 .. 0.4
        return Math.Max(1, (long)(mean * (0.8 + jitter)));
    }

    /// <summary>With the peer's end-of-candidates, a checklist of only failed pairs and no valid pair fails (RFC 8445 §8.1.2).</summary>
    private void FailIfExhausted()
    {
        if (!_remoteEndOfCandidates || _firstValid is not null || _pairs.Count == 0 || _state != IceConnectionState.Checking)
        {
            return;
        }

        foreach (var pair in _pairs)
        {
            if (pair.State != IcePairState.Failed || pair.Triggered)
            {
                return;
            }
        }

        LogChecklistFailed(_pairs.Count);
        Fail();
    }

    private void Fail()
    {
        SetState(IceConnectionState.Failed);
        _transport.SetTarget(null);
        _triggered.Clear();
        _transactions.Clear();
        foreach (var pair in _pairs)
        {
            pair.InFlight = null;
            pair.Triggered = false;
        }
    }

    private void UpdateSendTarget()
    {
        if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return;
        }

        var pair = _selected ?? _firstValid ?? _lastAuthenticated;
        _transport.SetTarget(pair?.RemoteAddress);
    }

    /// <summary>Builds and sends a Binding request on <paramref name="pair"/> (RFC 8445 §7.2.2).</summary>
    private void SendCheck(IceCandidatePair pair, bool useCandidate, IceTransactionKind kind, long now)
    {
        var id = StunTransactionId.NewRandom(_options.RandomFill);
        var writer = new StunWriter(_sendBuffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername(string.Concat(_remoteUfrag, ":", LocalUfrag));
        writer.AddPriority(_localPriority);
        if (_role == IceRole.Controlling)
        {
            writer.AddIceControlling(_tieBreaker);
            if (useCandidate)
            {
                writer.AddUseCandidate();
            }
        }
        else
        {
            writer.AddIceControlled(_tieBreaker);
        }

        writer.AddMessageIntegrity(_remoteKey);
        writer.AddFingerprint();
        var transaction = new IceTransaction(id, kind, writer.Written.ToArray(), pair.RemoteAddress)
        {
            Pair = pair,
            UseCandidate = useCandidate && _role == IceRole.Controlling,
            RoleWhenSent = _role,
        };

        if (kind == IceTransactionKind.Check)
        {
            if (pair.InFlight is { } previous)
            {
                _transactions.Remove(previous.Id);
            }

            pair.InFlight = transaction;
            if (pair.State != IcePairState.Succeeded)
            {
                pair.State = IcePairState.InProgress;
            }
        }
        else
        {
            // Consent checks are not retransmitted; each interval uses a fresh transaction (RFC 7675 §5.1).
            // A late answer still proves the peer consents, so it counts until consent would expire.
            transaction.Deadline = now + (long)_options.ConsentTimeout.TotalMilliseconds;
        }

        Interlocked.Increment(ref _checksSent);
        Transmit(transaction, now);
    }

    private void Transmit(IceTransaction transaction, long now)
    {
        transaction.SentAt = now;
        transaction.LastSentAt = now;
        transaction.Transmissions = 1;
        transaction.RetransmitTimeout = (long)_options.InitialRetransmitTimeout.TotalMilliseconds;
        transaction.NextRetransmitAt = now + transaction.RetransmitTimeout;
        _transactions[transaction.Id] = transaction;
        SendRaw(transaction.Packet, transaction.Destination);
    }

    private void ProcessTimeouts(long now)
    {
        _expired.Clear();
        foreach (var transaction in _transactions.Values)
        {
            if (now >= transaction.Deadline)
            {
                _expired.Add(transaction);
                continue;
            }

            if (now < transaction.NextRetransmitAt || transaction.Kind == IceTransactionKind.Consent)
            {
                continue;
            }

            var limit = transaction.Kind == IceTransactionKind.ServerBinding ? int.MaxValue : _options.MaxTransmissions;
            if (transaction.Transmissions >= limit)
            {
                _expired.Add(transaction);
                continue;
            }

            transaction.Transmissions++;
            transaction.LastSentAt = now;
            transaction.RetransmitTimeout = Math.Min(transaction.RetransmitTimeout * 2, (long)_options.MaxRetransmitTimeout.TotalMilliseconds);
            transaction.NextRetransmitAt = now + transaction.RetransmitTimeout;
            if (transaction.Kind == IceTransactionKind.Check)
            {
                Interlocked.Increment(ref _checksSent);
            }

            SendRaw(transaction.Packet, transaction.Destination);
        }

        foreach (var transaction in _expired)
        {
            _transactions.Remove(transaction.Id);
            switch (transaction.Kind)
            {
                case IceTransactionKind.ServerBinding:
                    OnServerBindingTimeout(transaction);
                    break;
                case IceTransactionKind.Check when transaction.Pair is { } pair && pair.InFlight == transaction:
                    pair.InFlight = null;
                    if (transaction.UseCandidate)
                    {
                        _nominating = false; // nominate again on the next tick
                    }

                    if (pair.State == IcePairState.InProgress)
                    {
                        pair.State = IcePairState.Failed;
                        LogPairFailed(pair.RemoteEndPoint, 0);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Ticks at Ta while there is work; slower (for consent only) when idle.</summary>
    private void AdjustTimer()
    {
        var idle = _triggered.Count == 0 && _state != IceConnectionState.Checking;
        foreach (var pair in _pairs)
        {
            idle &= pair.State != IcePairState.InProgress && (_selected is not null || pair.State != IcePairState.Waiting);
        }

        foreach (var transaction in _transactions.Values)
        {
            idle &= transaction.Kind == IceTransactionKind.Consent;
        }

        if (idle == _idleTimer || _timer is null)
        {
            return;
        }

        _idleTimer = idle;
        var period = idle
            ? TimeSpan.FromMilliseconds(Math.Clamp(_options.ConsentInterval.TotalMilliseconds / 10, _options.CheckInterval.TotalMilliseconds, 500))
            : _options.CheckInterval;
        // Work that arrives goes out at once through Pump, so the next tick is a full period away.
        _timer.Change(period, period);
    }

    private void SendRaw(ReadOnlySpan<byte> packet, SocketAddress destination)
    {
        if (_options.DropOutgoingDatagram?.Invoke() == true)
        {
            return;
        }

        try
        {
            _socket?.SendTo(packet, SocketFlags.None, destination);
        }
        catch (SocketException ex)
        {
            LogSendError(ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
    }
}
