namespace Fledger.WebRtc.Sctp;

/// <summary>Acknowledgement processing, congestion control, retransmission and partial reliability of the send side.</summary>
public sealed partial class SctpAssociation
{
    /// <summary>Processes a SACK: cumulative and gap acks, fast retransmit, cwnd, rwnd, RTO, T3 (RFC 9260 §6.2.1, §7.2).</summary>
    private void OnSack(SackChunk sack)
    {
        var cum = sack.CumulativeTsnAck;
        if (SctpWire.TsnLess(cum, _cumAckReceived) || !SctpWire.TsnLess(cum, _nextTsn))
        {
            return;
        }

        _sendOpportunities++;
        var now = Now;
        var flightBefore = _flightSize;
        var bytesAcked = 0;
        long rttSentAt = 0;
        var removed = 0;
        while (removed < _inflight.Count && SctpWire.TsnLessOrEqual(_inflight[removed].Tsn, cum))
        {
            var chunk = _inflight[removed++];
            if (!chunk.GapAcked && !chunk.Abandoned)
            {
                bytesAcked += chunk.Size;
                if (chunk.TransmitCount == 1)
                {
                    rttSentAt = Math.Max(rttSentAt, chunk.SentAt);
                }
            }

            ForgetChunk(chunk);
            if (!chunk.Abandoned && ++chunk.Message.AckedFragments >= chunk.Message.Fragments && chunk.Message.NextOffset >= chunk.Message.Length)
            {
                ReleaseMessage(chunk.Message);
            }
        }

        if (removed > 0)
        {
            _inflight.RemoveRange(0, removed);
        }

        var cumAdvanced = SctpWire.TsnLess(_cumAckReceived, cum);
        _cumAckReceived = cum;
        if (SctpWire.TsnLess(_advancedPeerAckPoint, cum))
        {
            _advancedPeerAckPoint = cum;
        }

        var highestNewlyAcked = cumAdvanced ? cum : 0u;
        var haveHighest = cumAdvanced;
        if (_inflight.Count > 0)
        {
            var baseTsn = _inflight[0].Tsn;
            foreach (var gap in sack.GapBlocks)
            {
                for (var offset = gap.Start; offset <= gap.End && offset != 0; offset++)
                {
                    var index = (long)(uint)(cum + offset - baseTsn);
                    if (index >= _inflight.Count)
                    {
                        break;
                    }

                    var chunk = _inflight[(int)index];
                    if (chunk.GapAcked)
                    {
                        continue;
                    }

                    chunk.GapAcked = true;
                    if (!chunk.Abandoned)
                    {
                        bytesAcked += chunk.Size;
                        if (chunk.TransmitCount == 1)
                        {
                            rttSentAt = Math.Max(rttSentAt, chunk.SentAt);
                        }
                    }

                    ForgetChunk(chunk);
                    if (!haveHighest || SctpWire.TsnLess(highestNewlyAcked, chunk.Tsn))
                    {
                        highestNewlyAcked = chunk.Tsn;
                        haveHighest = true;
                    }

                    if (offset == ushort.MaxValue)
                    {
                        break;
                    }
                }
            }
        }

        if (haveHighest)
        {
            MarkMissIndications(highestNewlyAcked);
        }

        if (_inFastRecovery && SctpWire.TsnLessOrEqual(_fastRecoveryExit, cum))
        {
            _inFastRecovery = false;
        }

        if (cumAdvanced)
        {
            _errorCount = 0;
            if (rttSentAt != 0)
            {
                UpdateRto(_time.GetElapsedTime(rttSentAt, now));
            }

            GrowCongestionWindow(bytesAcked, flightBefore);
        }

        _burstCredit += bytesAcked;

        _peerRwnd = (int)Math.Max(0, Math.Min(sack.AdvertisedReceiverWindow, int.MaxValue) - _flightSize);
        if (_inflight.Count == 0)
        {
            _t3.Stop();
        }
        else if (cumAdvanced)
        {
            _t3.Start(_rto);
        }

        AdvanceAckPoint();
    }

    /// <summary>Takes an acknowledged chunk out of the flight and the retransmission queue.</summary>
    private void ForgetChunk(OutboundChunk chunk)
    {
        if (chunk.InFlight)
        {
            chunk.InFlight = false;
            _flightSize -= chunk.Size;
        }

        if (chunk.NeedsRetransmit)
        {
            chunk.NeedsRetransmit = false;
            _retransmitPending--;
        }
    }

    /// <summary>Counts miss indications below the highest newly acked TSN; 3 trigger fast retransmit (RFC 9260 §7.2.4).</summary>
    private void MarkMissIndications(uint highestNewlyAcked)
    {
        var entered = false;
        foreach (var chunk in _inflight)
        {
            if (!SctpWire.TsnLess(chunk.Tsn, highestNewlyAcked))
            {
                break;
            }

            if (chunk.GapAcked || chunk.Abandoned || chunk.NeedsRetransmit || chunk.WasFastRetransmitted || ++chunk.MissIndications != 3)
            {
                continue;
            }

            if (!_inFastRecovery && !entered)
            {
                entered = true;
                _inFastRecovery = true;
                _fastRecoveryExit = _nextTsn - 1;
                _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
                _cwnd = _ssthresh;
                _partialBytesAcked = 0;
            }

            if (ShouldAbandon(chunk))
            {
                Abandon(chunk.Message);
                continue;
            }

            ForgetChunk(chunk);
            chunk.NeedsRetransmit = true;
            chunk.FastRetransmit = true;
            chunk.WasFastRetransmitted = true;
            chunk.MissIndications = 0;
            _retransmitPending++;
            _fastRetransmissions++;
        }
    }

    private void GrowCongestionWindow(int bytesAcked, int flightBefore)
    {
        if (_inFastRecovery || bytesAcked == 0)
        {
            return;
        }

        var fullyUsed = flightBefore + _mtu >= _cwnd;
        if (_cwnd <= _ssthresh)
        {
            if (fullyUsed)
            {
                _cwnd += Math.Min(bytesAcked, _mtu);
            }

            return;
        }

        _partialBytesAcked += bytesAcked;
        if (_partialBytesAcked >= _cwnd && fullyUsed)
        {
            _partialBytesAcked -= _cwnd;
            _cwnd += _mtu;
        }
    }

    /// <summary>RFC 6298 §2 estimator, clamped to the configured bounds (RFC 9260 §6.3.1).</summary>
    private void UpdateRto(TimeSpan rtt)
    {
        if (!_haveRtt)
        {
            _srtt = rtt;
            _rttvar = rtt / 2;
            _haveRtt = true;
        }
        else
        {
            var delta = _srtt - rtt;
            _rttvar = (0.75 * _rttvar) + (0.25 * delta.Duration());
            _srtt = (0.875 * _srtt) + (0.125 * rtt);
        }

        var rto = _srtt + (4 * _rttvar);
        _rto = rto < _options.MinRto ? _options.MinRto : Min(rto, _options.MaxRto);
    }

    /// <summary>T3-rtx expiry: back off, collapse cwnd, mark outstanding data for retransmission (RFC 9260 §6.3.3).</summary>
    private void OnT3Expired()
    {
        if (_inflight.Count == 0)
        {
            return;
        }

        _t3Expirations++;
        if (++_errorCount > _options.MaxRetransmissions)
        {
            LogTooManyRetransmissions();
            AbortLocal(SctpCloseReason.Timeout);
            return;
        }

        _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
        _cwnd = _mtu;
        _partialBytesAcked = 0;
        _inFastRecovery = false;
        _rto = Min(_rto * 2, _options.MaxRto);
        foreach (var chunk in _inflight)
        {
            if (chunk.GapAcked || chunk.Abandoned)
            {
                continue;
            }

            if (ShouldAbandon(chunk))
            {
                Abandon(chunk.Message);
                continue;
            }

            ForgetChunk(chunk);
            chunk.NeedsRetransmit = true;
            chunk.FastRetransmit = false;
            chunk.MissIndications = 0;
            _retransmitPending++;
        }

        if (_retransmitPending == 0 && _inflight.Count > 0 && _inflight[0].GapAcked)
        {
            // The cumulative ack is stuck behind chunks the peer gap-acked earlier: it reneged (RFC 9260 §6.2.1). Resend them.
            foreach (var chunk in _inflight)
            {
                if (chunk.GapAcked && !chunk.Abandoned)
                {
                    chunk.GapAcked = false;
                    chunk.NeedsRetransmit = true;
                    _retransmitPending++;
                }
            }
        }

        AdvanceAckPoint();
        if (_forwardTsnNeeded || _retransmitPending > 0 || _inflight.Count > 0)
        {
            _t3.Start(_rto);
        }
    }

    private bool ShouldAbandon(OutboundChunk chunk)
    {
        var m = chunk.Message;
        return _peerForwardTsn && m.IsPartiallyReliable
            && ((m.MaxRetransmits >= 0 && chunk.TransmitCount > m.MaxRetransmits) || (m.ExpiresAt != long.MaxValue && Now > m.ExpiresAt));
    }

    /// <summary>Abandons a partially reliable message (RFC 3758 §3.5 A1–A3).</summary>
    private void Abandon(OutboundMessage message)
    {
        if (message.Abandoned)
        {
            return;
        }

        message.Abandoned = true;
        _abandonedMessages++;
        foreach (var chunk in _inflight)
        {
            if (ReferenceEquals(chunk.Message, message))
            {
                chunk.Abandoned = true;
                ForgetChunk(chunk);
            }
        }

        ReleaseMessage(message);
    }

    /// <summary>Moves the advanced peer ack point over abandoned chunks; a FORWARD TSN is due when it passes the cumulative ack (RFC 3758 §3.5 C1–C3).</summary>
    private void AdvanceAckPoint()
    {
        foreach (var chunk in _inflight)
        {
            if (!chunk.Abandoned)
            {
                break;
            }

            _advancedPeerAckPoint = chunk.Tsn;
        }

        if (SctpWire.TsnLess(_cumAckReceived, _advancedPeerAckPoint))
        {
            _forwardTsnNeeded = true;
            _t3.EnsureRunning(_rto);
        }
    }

    private ForwardTsnChunk BuildForwardTsn()
    {
        _forwardScratch.Clear();
        foreach (var chunk in _inflight)
        {
            if (SctpWire.TsnLess(_advancedPeerAckPoint, chunk.Tsn))
            {
                break;
            }

            if (!chunk.Message.Unordered)
            {
                _forwardScratch[chunk.Message.StreamId] = chunk.Message.Ssn;
            }
        }

        var streams = new ForwardTsnStream[_forwardScratch.Count];
        var i = 0;
        foreach (var (stream, ssn) in _forwardScratch)
        {
            streams[i++] = new ForwardTsnStream(stream, ssn);
        }

        return new ForwardTsnChunk(_advancedPeerAckPoint, streams);
    }
}
