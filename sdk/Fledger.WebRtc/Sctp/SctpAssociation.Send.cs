namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    /// <summary>Smallest fragment worth filling the rest of a packet with.</summary>
    private const int MinPackedFragment = 128;

    private readonly Queue<OutboundMessage> _pendingMessages = new();
    private readonly List<OutboundChunk> _inflight = [];
    private readonly Dictionary<ushort, ushort> _nextSsn = [];
    private readonly Queue<SctpChunk> _control = new();
    private readonly Dictionary<ushort, ushort> _forwardScratch = [];
    private byte[]? _tx;
    private int _txLength;
    private int _lastDataFlagsAt;
    private uint _nextTsn;
    private uint _cumAckReceived;
    private uint _advancedPeerAckPoint;
    private bool _forwardTsnNeeded;
    private int _cwnd;
    private int _ssthresh;
    private int _partialBytesAcked;
    private int _flightSize;
    private int _peerRwnd;
    private int _retransmitPending;
    private bool _inFastRecovery;
    private uint _fastRecoveryExit;
    private int _errorCount;
    private int _sendOpportunities;
    private int _burstCredit;
    private TimeSpan _rto;
    private TimeSpan _srtt;
    private TimeSpan _rttvar;
    private bool _haveRtt;
    private long _packetsSent;
    private long _packetsReceived;
    private long _dataChunksSent;
    private long _retransmissions;
    private long _fastRetransmissions;
    private long _t3Expirations;
    private long _forwardTsnsSent;
    private long _abandonedMessages;

    private void InitializeLocalTsn(uint initialTsn)
    {
        _nextTsn = initialTsn;
        _cumAckReceived = initialTsn - 1;
        _advancedPeerAckPoint = _cumAckReceived;
        _reconfigRequestSeq = initialTsn;
    }

    private void DrainUserQueue()
    {
        _sendOpportunities++;
        if (_state is SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return;
        }

        while (_userQueue.TryDequeue(out var message))
        {
            if (_state is SctpAssociationState.Established)
            {
                _pendingMessages.Enqueue(message);
            }
            else
            {
                ReleaseMessage(message);
            }
        }
    }

    /// <summary>Builds everything due now into packets: control chunks, SACK, FORWARD TSN, retransmissions, new data.</summary>
    private void Transmit()
    {
        if (_peerTag == 0 || CloseReason is not null)
        {
            _control.Clear();
            return;
        }

        AppendControlChunks();
        if (_bundleWithCookieEcho && _state == SctpAssociationState.CookieEchoed)
        {
            BundleDataWithCookieEcho();
        }

        if (_sackNow)
        {
            AppendSack();
        }

        if (_forwardTsnNeeded && _peerForwardTsn)
        {
            AppendChunk(BuildForwardTsn());
            _forwardTsnNeeded = false;
            _forwardTsnsSent++;
        }

        if (_state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived)
        {
            SendData();
            if (_resetQueued.Count > 0)
            {
                TrySendStreamReset();
                AppendControlChunks();
            }
        }

        CheckShutdownProgress();
        AppendControlChunks();
        FinishPacket();
        _sendOpportunities = 0;
    }

    private void AppendControlChunks()
    {
        while (_control.TryDequeue(out var chunk))
        {
            if (SctpPacket.CommonHeaderSize + chunk.WireLength <= _mtu)
            {
                AppendChunk(chunk);
            }
        }
    }

    private void SendData()
    {
        var now = Now;
        var sent = false;
        if (_retransmitPending > 0)
        {
            for (var i = 0; i < _inflight.Count && _retransmitPending > 0; i++)
            {
                var chunk = _inflight[i];
                if (!chunk.NeedsRetransmit)
                {
                    continue;
                }

                if (!chunk.FastRetransmit && _flightSize >= _cwnd)
                {
                    break;
                }

                chunk.NeedsRetransmit = false;
                chunk.FastRetransmit = false;
                _retransmitPending--;
                AppendData(chunk);
                chunk.TransmitCount++;
                chunk.SentAt = now;
                chunk.InFlight = true;
                _flightSize += chunk.Size;
                _retransmissions++;
                sent = true;
            }
        }

        // Max.Burst (RFC 9260 §6.1 D) on top of what the SACKs since the last send freed.
        var budget = (_options.MaxBurst * Math.Max(1, _sendOpportunities) * _mtu) + _burstCredit;
        _burstCredit = 0;
        var sentNew = false;
        while (budget > 0 && _flightSize < _cwnd)
        {
            var size = PeekNextChunkSize(now);
            if (size == 0 || (_peerRwnd < size && _flightSize > 0))
            {
                break;
            }

            budget -= SendNewChunk(now);
            sent = sentNew = true;
        }

        if (sentNew && _pendingMessages.Count == 0 && _userQueue.IsEmpty && _tx is not null && _lastDataFlagsAt > 0)
        {
            // RFC 7053 §4.1: nothing more to send, so ask for the SACK at once (I bit). Otherwise a burst ending on an
            // odd packet waits for the peer's delayed-SACK timer (200 ms) while our T3 (at least 220 ms) runs.
            _tx[_lastDataFlagsAt] |= DataChunk.ImmediateFlag;
        }

        if (sent)
        {
            _t3.EnsureRunning(_rto);
        }
    }

    /// <summary>Size of the next new chunk, dropping messages that expired before any byte was sent; 0 when none.</summary>
    private int PeekNextChunkSize(long now)
    {
        while (_pendingMessages.TryPeek(out var m))
        {
            if (m.Abandoned)
            {
                _pendingMessages.Dequeue();
                continue;
            }

            if (!m.Started && m.ExpiresAt != long.MaxValue && now > m.ExpiresAt && _peerForwardTsn)
            {
                _pendingMessages.Dequeue();
                m.Abandoned = true;
                _abandonedMessages++;
                ReleaseMessage(m);
                continue;
            }

            return FragmentLength(m) + DataChunk.HeaderLength + 4;
        }

        return 0;
    }

    /// <summary>
    /// Bytes of <paramref name="m"/> for its next DATA chunk. A message that needs fragmenting anyway fills the room
    /// left in the packet being built (so 16 KiB messages do not leave a mostly empty packet behind each tail
    /// fragment); a message that fits one packet is never split, it goes whole into this packet or the next.
    /// </summary>
    private int FragmentLength(OutboundMessage m)
    {
        var remaining = m.Length - m.NextOffset;
        if (remaining <= _maxFragment || _tx is null)
        {
            return Math.Min(_maxFragment, remaining);
        }

        var room = (_mtu - _txLength - 4 - DataChunk.HeaderLength) & ~3;
        return room >= MinPackedFragment ? Math.Min(room, _maxFragment) : _maxFragment;
    }

    private OutboundChunk NextChunk()
    {
        var m = _pendingMessages.Peek();
        var offset = m.NextOffset;
        var length = FragmentLength(m);
        var beginning = offset == 0;
        var ending = offset + length == m.Length;
        if (beginning && !m.Unordered)
        {
            _nextSsn.TryGetValue(m.StreamId, out var ssn);
            m.Ssn = ssn;
            _nextSsn[m.StreamId] = (ushort)(ssn + 1);
        }

        var chunk = new OutboundChunk(m, offset, length, beginning, ending, _nextTsn++);
        m.NextOffset += length;
        m.SentFragments++;
        if (ending)
        {
            _pendingMessages.Dequeue();
        }

        return chunk;
    }

    private void ReleaseMessage(OutboundMessage message)
    {
        if (!message.Release(returnBuffer: true))
        {
            return;
        }

        Interlocked.Add(ref _bufferedBytes, -message.Length);
        try
        {
            BufferedAmountDecreased?.Invoke(message.StreamId, message.Length);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHandlerFailed(ex);
        }
    }

    private void ReleaseAllQueued()
    {
        foreach (var chunk in _inflight)
        {
            ReleaseMessage(chunk.Message);
        }

        _inflight.Clear();
        while (_pendingMessages.TryDequeue(out var m))
        {
            ReleaseMessage(m);
        }

        while (_userQueue.TryDequeue(out var m))
        {
            ReleaseMessage(m);
        }

        _flightSize = 0;
        _retransmitPending = 0;
    }

    private void EnsureRoom(int needed)
    {
        if (_tx is not null && _txLength + needed > _mtu)
        {
            FinishPacket();
        }

        if (_tx is null)
        {
            _tx = SctpBufferPool.Packets.Rent(_mtu);
            SctpPacket.WriteHeader(_tx, new SctpCommonHeader(_options.LocalPort, _options.RemotePort, _peerTag));
            _txLength = SctpPacket.CommonHeaderSize;
        }
    }

    private void FinishPacket()
    {
        if (_tx is null)
        {
            return;
        }

        SctpPacket.Seal(_tx.AsSpan(0, _txLength));
        _outgoing.Add((_tx, _txLength));
        _tx = null;
        _txLength = 0;
        _lastDataFlagsAt = 0;
    }

    private void AppendChunk(SctpChunk chunk)
    {
        EnsureRoom(chunk.WireLength);
        _txLength += SctpPacket.WriteChunk(_tx.AsSpan(_txLength), chunk);
    }

    private void AppendData(OutboundChunk chunk)
    {
        var valueLength = DataChunk.HeaderLength + chunk.Length;
        EnsureRoom(4 + SctpWire.Pad4(valueLength));
        var span = _tx.AsSpan(_txLength);
        var m = chunk.Message;
        _lastDataFlagsAt = _txLength + 1;
        span[0] = (byte)SctpChunkType.Data;
        span[1] = DataChunk.MakeFlags(m.Unordered, chunk.Beginning, chunk.Ending, false);
        SctpWire.WriteUInt16(span[2..], (ushort)(4 + valueLength));
        DataChunk.WriteHeader(span[4..], chunk.Tsn, m.StreamId, m.Unordered ? (ushort)0 : m.Ssn, m.Ppid);
        m.Buffer.AsSpan(chunk.Offset, chunk.Length).CopyTo(span[(4 + DataChunk.HeaderLength)..]);
        var padded = 4 + SctpWire.Pad4(valueLength);
        span[(4 + valueLength)..padded].Clear();
        _txLength += padded;
    }

    /// <summary>Takes the next new DATA chunk, appends it to the packet being built and counts it in flight; returns its size.</summary>
    private int SendNewChunk(long now)
    {
        var chunk = NextChunk();
        AppendData(chunk);
        chunk.TransmitCount = 1;
        chunk.SentAt = now;
        chunk.InFlight = true;
        _inflight.Add(chunk);
        _flightSize += chunk.Size;
        _peerRwnd = Math.Max(0, _peerRwnd - chunk.Size);
        _dataChunksSent++;
        return chunk.Size;
    }
}
