namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private const int MaxTsnWindow = 65535;
    private const int MaxDuplicatesReported = 16;
    private const int MaxGapBlocks = 64;

    private static readonly Comparer<uint> TsnOrder = Comparer<uint>.Create(static (a, b) => ((int)(a - b)).CompareTo(0));

    private readonly SortedSet<uint> _receivedAbove = new(TsnOrder);
    private readonly Dictionary<uint, DataChunk> _fragments = [];
    private readonly Dictionary<ushort, InboundStream> _inStreams = [];
    private readonly List<uint> _duplicates = [];
    private uint _cumTsnIn;
    private bool _peerTsnKnown;
    private int _rxBuffered;
    private bool _sackNow;
    private int _dataPacketsSinceSack;
    private bool _dataPacketSeen;
    private long _dataChunksReceived;
    private long _duplicatesReceived;

    private void InitializePeerTsn(uint peerInitialTsn)
    {
        _cumTsnIn = peerInitialTsn - 1;
        _peerTsnKnown = true;
        _peerReconfigSeqExpected = peerInitialTsn;
    }

    /// <summary>Records and reassembles one DATA chunk (RFC 9260 §6.2, §6.5, §6.9); returns whether it counted as received data.</summary>
    private bool OnData(DataChunk data)
    {
        var kept = AcceptData(data);
        if (!kept.Stored)
        {
            SctpBufferPool.ReturnPayload(data);
        }

        return kept.Counted;
    }

    /// <summary>Returns whether the chunk counted as received data and whether its pooled payload is still referenced.</summary>
    private (bool Counted, bool Stored) AcceptData(DataChunk data)
    {
        if (!_peerTsnKnown || _state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            return (false, false);
        }

        _dataChunksReceived++;
        var tsn = data.Tsn;
        if (SctpWire.TsnLessOrEqual(tsn, _cumTsnIn) || _receivedAbove.Contains(tsn))
        {
            _duplicatesReceived++;
            if (_duplicates.Count < MaxDuplicatesReported)
            {
                _duplicates.Add(tsn);
            }

            _sackNow = true;
            return (true, false);
        }

        if (tsn - _cumTsnIn > MaxTsnWindow || (_rxBuffered + data.UserData.Length > _options.ReceiveWindow && tsn != _cumTsnIn + 1))
        {
            _sackNow = true;
            return (true, false);
        }

        if (tsn == _cumTsnIn + 1)
        {
            _cumTsnIn = tsn;
            AdvanceCumulative();
        }
        else
        {
            _receivedAbove.Add(tsn);
            _sackNow = true;
        }

        if (data.Immediate)
        {
            _sackNow = true;
        }

        if (data.Beginning && data.Ending)
        {
            Complete(data.StreamId, data.Unordered, data.StreamSequence, new SctpMessage(data.StreamId, data.PayloadProtocolId, data.UserData.ToArray(), data.Unordered));
            return (true, false);
        }

        _fragments[tsn] = data;
        _rxBuffered += data.UserData.Length;
        TryReassemble(tsn);
        return (true, true);
    }

    private void AdvanceCumulative()
    {
        while (_receivedAbove.Count > 0 && _receivedAbove.Min == _cumTsnIn + 1)
        {
            _receivedAbove.Remove(_cumTsnIn + 1);
            _cumTsnIn++;
        }
    }

    /// <remarks>
    /// The association's first DATA packet is acknowledged at once rather than after the delayed-SACK timer (RFC 9260
    /// §6.2 sets an upper bound on the delay, not a minimum): in a WebRTC setup it is the peer's DCEP OPEN or ACK, which
    /// otherwise stays outstanding for the whole delay, and the peer's first RTT sample (RFC 9260 §6.3.1) would include it.
    /// </remarks>
    private void AfterDataPacket()
    {
        if (++_dataPacketsSinceSack >= 2 || _state != SctpAssociationState.Established || !_dataPacketSeen)
        {
            _sackNow = true;
        }

        _dataPacketSeen = true;

        if (_sackNow)
        {
            _sackTimer.Stop();
        }
        else
        {
            _sackTimer.EnsureRunning(_options.SackDelay);
        }

        TryPerformDeferredReset();
    }

    private static bool SameMessage(DataChunk a, DataChunk b) =>
        a.StreamId == b.StreamId && a.Unordered == b.Unordered && (a.Unordered || a.StreamSequence == b.StreamSequence);

    /// <summary>Finds the B..E run of consecutive TSNs around <paramref name="tsn"/> and, when complete, assembles it.</summary>
    private void TryReassemble(uint tsn)
    {
        var chunk = _fragments[tsn];
        var first = tsn;
        var current = chunk;
        while (!current.Beginning)
        {
            if (!_fragments.TryGetValue(first - 1, out var previous) || previous.Ending || !SameMessage(previous, chunk))
            {
                return;
            }

            first--;
            current = previous;
        }

        var last = tsn;
        current = chunk;
        var total = 0L;
        for (var t = first; t != tsn; t++)
        {
            total += _fragments[t].UserData.Length;
        }

        while (!current.Ending)
        {
            total += current.UserData.Length;
            if (!_fragments.TryGetValue(last + 1, out var next) || next.Beginning || !SameMessage(next, chunk))
            {
                return;
            }

            last++;
            current = next;
        }

        total += current.UserData.Length;
        var complete = total <= _options.MaxMessageSize;
        var buffer = complete ? new byte[total] : null;
        var offset = 0;
        for (var t = first; ; t++)
        {
            _fragments.Remove(t, out var part);
            _rxBuffered -= part!.UserData.Length;
            if (buffer is not null)
            {
                part.UserData.Span.CopyTo(buffer.AsSpan(offset));
                offset += part.UserData.Length;
            }

            SctpBufferPool.ReturnPayload(part);

            if (t == last)
            {
                break;
            }
        }

        if (buffer is null)
        {
            LogMessageTooLarge(total);
        }

        Complete(chunk.StreamId, chunk.Unordered, chunk.StreamSequence, buffer is null ? null : new SctpMessage(chunk.StreamId, chunk.PayloadProtocolId, buffer, chunk.Unordered));
    }

    private InboundStream GetInbound(ushort streamId)
    {
        if (!_inStreams.TryGetValue(streamId, out var stream))
        {
            stream = new InboundStream();
            _inStreams[streamId] = stream;
        }

        return stream;
    }

    /// <summary>Delivers a complete message, or queues it until its SSN is next; a null message (dropped) still takes its SSN.</summary>
    private void Complete(ushort streamId, bool unordered, ushort ssn, SctpMessage? message)
    {
        if (unordered)
        {
            if (message is not null)
            {
                Raise(MessageReceived, message);
            }

            return;
        }

        var stream = GetInbound(streamId);
        if (ssn == stream.NextSsn)
        {
            stream.NextSsn++;
            if (message is not null)
            {
                Raise(MessageReceived, message);
            }

            DeliverWaiting(stream);
        }
        else if (SctpWire.SsnLess(stream.NextSsn, ssn) && stream.Waiting.TryAdd(ssn, message))
        {
            _rxBuffered += message?.Data.Length ?? 0;
        }
    }

    private void DeliverWaiting(InboundStream stream)
    {
        while (stream.Waiting.Remove(stream.NextSsn, out var next))
        {
            stream.NextSsn++;
            if (next is not null)
            {
                _rxBuffered -= next.Data.Length;
                Raise(MessageReceived, next);
            }
        }
    }

    /// <summary>FORWARD TSN: skip abandoned data and the SSNs it covered (RFC 3758 §3.6).</summary>
    private void OnForwardTsn(ForwardTsnChunk forward)
    {
        _sackNow = true;
        if (!_peerTsnKnown || SctpWire.TsnLessOrEqual(forward.NewCumulativeTsn, _cumTsnIn) || forward.NewCumulativeTsn - _cumTsnIn > MaxTsnWindow)
        {
            return;
        }

        var newCum = forward.NewCumulativeTsn;
        while (_receivedAbove.Count > 0 && SctpWire.TsnLessOrEqual(_receivedAbove.Min, newCum))
        {
            _receivedAbove.Remove(_receivedAbove.Min);
        }

        _cumTsnIn = newCum;
        AdvanceCumulative();
        if (_fragments.Count > 0)
        {
            foreach (var stale in _fragments.Keys.Where(t => SctpWire.TsnLessOrEqual(t, newCum)).ToList())
            {
                _fragments.Remove(stale, out var part);
                _rxBuffered -= part!.UserData.Length;
                SctpBufferPool.ReturnPayload(part);
            }
        }

        foreach (var skipped in forward.Streams)
        {
            var stream = GetInbound(skipped.StreamId);
            if (SctpWire.SsnLess(skipped.StreamSequence, stream.NextSsn))
            {
                continue;
            }

            foreach (var ssn in stream.Waiting.Keys.Where(s => !SctpWire.SsnLess(skipped.StreamSequence, s)).OrderBy(s => (short)(s - stream.NextSsn)).ToList())
            {
                stream.Waiting.Remove(ssn, out var ready);
                if (ready is not null)
                {
                    _rxBuffered -= ready.Data.Length;
                    Raise(MessageReceived, ready);
                }
            }

            stream.NextSsn = (ushort)(skipped.StreamSequence + 1);
            DeliverWaiting(stream);
        }

        TryPerformDeferredReset();
    }

    /// <summary>Writes a SACK for the current receive state (RFC 9260 §3.3.4, §6.2).</summary>
    private void AppendSack()
    {
        _sackNow = false;
        _dataPacketsSinceSack = 0;
        _sackTimer.Stop();
        if (!_peerTsnKnown)
        {
            return;
        }

        var maxGaps = Math.Min(MaxGapBlocks, ((_mtu - SctpPacket.CommonHeaderSize - 16) / 4) - _duplicates.Count);
        Span<uint> gaps = stackalloc uint[MaxGapBlocks];
        var gapCount = 0;
        uint start = 0, end = 0;
        foreach (var tsn in _receivedAbove)
        {
            var offset = tsn - _cumTsnIn;
            if (offset > ushort.MaxValue)
            {
                break;
            }

            if (gapCount > 0 && offset == end + 1)
            {
                end = offset;
                gaps[gapCount - 1] = (start << 16) | end;
                continue;
            }

            if (gapCount == maxGaps)
            {
                break;
            }

            start = end = offset;
            gaps[gapCount++] = (start << 16) | end;
        }

        var valueLength = 12 + (4 * gapCount) + (4 * _duplicates.Count);
        EnsureRoom(4 + valueLength);
        var span = _tx.AsSpan(_txLength);
        span[0] = (byte)SctpChunkType.Sack;
        span[1] = 0;
        SctpWire.WriteUInt16(span[2..], (ushort)(4 + valueLength));
        SctpWire.WriteUInt32(span[4..], _cumTsnIn);
        SctpWire.WriteUInt32(span[8..], (uint)Math.Max(0, _options.ReceiveWindow - _rxBuffered));
        SctpWire.WriteUInt16(span[12..], (ushort)gapCount);
        SctpWire.WriteUInt16(span[14..], (ushort)_duplicates.Count);
        var at = 16;
        for (var i = 0; i < gapCount; i++, at += 4)
        {
            SctpWire.WriteUInt32(span[at..], gaps[i]);
        }

        foreach (var dup in _duplicates)
        {
            SctpWire.WriteUInt32(span[at..], dup);
            at += 4;
        }

        _duplicates.Clear();
        _txLength += 4 + valueLength;
    }
}
