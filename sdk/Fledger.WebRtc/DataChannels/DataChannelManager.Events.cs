using Fledger.WebRtc.Dcep;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.DataChannels;

public sealed partial class DataChannelManager
{
    private void OnStateChanged(SctpAssociationState state)
    {
        if (state == SctpAssociationState.CookieEchoed)
        {
            SendEarlyOpens();
            return;
        }

        if (state != SctpAssociationState.Established)
        {
            return;
        }

        List<RtcDataChannel> waiting;
        lock (_lock)
        {
            waiting = _channels.Values.Where(e => e.Channel.ReadyState == RtcDataChannelState.Connecting).Select(e => e.Channel).ToList();
        }

        foreach (var channel in waiting)
        {
            Activate(channel);
        }
    }

    /// <summary>
    /// Queues the DCEP OPEN of every channel created before the association came up as soon as our COOKIE ECHO is
    /// about to leave: the association bundles it with the COOKIE ECHO (RFC 9260 §5.1 D), so the peer opens the
    /// channel one round trip earlier. The channel itself still opens when the association is established.
    /// </summary>
    private void SendEarlyOpens()
    {
        List<RtcDataChannel> waiting;
        lock (_lock)
        {
            waiting = _channels.Values.Where(e => !e.OpenSent && e.Channel.ReadyState == RtcDataChannelState.Connecting)
                .Select(e => e.Channel).ToList();
        }

        foreach (var channel in waiting)
        {
            SendOpen(channel);
        }
    }

    private void OnMessage(SctpMessage message)
    {
        if (message.PayloadProtocolId == DataChannelPpid.Dcep)
        {
            OnDcep(message);
            return;
        }

        ChannelEntry? entry;
        lock (_lock)
        {
            _channels.TryGetValue(message.StreamId, out entry);
            if (entry is not null)
            {
                entry.Acked = true;
            }
        }

        if (entry is null)
        {
            LogUnknownStream(message.StreamId);
            return;
        }

        var delivered = message.PayloadProtocolId switch
        {
            DataChannelPpid.String => new DataChannelMessage(true, message.Data),
            DataChannelPpid.StringEmpty => new DataChannelMessage(true, ReadOnlyMemory<byte>.Empty),
            DataChannelPpid.Binary => new DataChannelMessage(false, message.Data),
            DataChannelPpid.BinaryEmpty => new DataChannelMessage(false, ReadOnlyMemory<byte>.Empty),
            _ => null,
        };
        if (delivered is null)
        {
            LogUnknownPpid(message.PayloadProtocolId);
            return;
        }

        entry.Channel.Deliver(delivered);
    }

    /// <summary>DCEP: OPEN creates the channel and is answered with ACK; ACK confirms ours (RFC 8832 §6).</summary>
    private void OnDcep(SctpMessage message)
    {
        var error = DcepCodec.TryParse(message.Data.Span, out var dcep);
        if (error != DcepParseError.None)
        {
            LogBadDcep(message.StreamId, error);
            return;
        }

        if (dcep is DcepAck)
        {
            lock (_lock)
            {
                if (_channels.TryGetValue(message.StreamId, out var entry))
                {
                    entry.Acked = true;
                }
            }

            return;
        }

        var open = (DcepOpen)dcep!;
        var ordered = ((byte)open.ChannelType & 0x80) == 0;
        var kind = (DataChannelType)((byte)open.ChannelType & 0x7F);
        var init = new RtcDataChannelInit
        {
            Ordered = ordered,
            MaxRetransmits = kind == DataChannelType.PartialReliableRexmit ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            MaxPacketLifeTime = kind == DataChannelType.PartialReliableTimed ? TimeSpan.FromMilliseconds(open.ReliabilityParameter) : null,
            Protocol = open.Protocol,
            Priority = open.Priority,
            Id = message.StreamId,
        };
        RtcDataChannel channel;
        lock (_lock)
        {
            if (_channels.ContainsKey(message.StreamId) || (message.StreamId % 2 == 0) == _isDtlsClient)
            {
                LogOpenRefused(message.StreamId);
                return;
            }

            channel = new RtcDataChannel(this, message.StreamId, open.Label, init);
            _channels[message.StreamId] = new ChannelEntry(channel) { OpenSent = true, Acked = true };
        }

        _association.Send(message.StreamId, DataChannelPpid.Dcep, DcepCodec.Encode(new DcepAck()));
        channel.SetOpen();
        DataChannelOpened?.Invoke(channel);
    }

    /// <summary>The peer reset its outgoing stream: the channel closes; reset ours too (Chromium waits for it).</summary>
    private void OnIncomingReset(IReadOnlyList<ushort> streams)
    {
        foreach (var id in streams)
        {
            RtcDataChannel? channel;
            bool requestOurs, done;
            lock (_lock)
            {
                if (!_channels.TryGetValue(id, out var entry))
                {
                    continue;
                }

                entry.IncomingReset = true;
                channel = entry.Channel;
                requestOurs = !entry.ResetRequested;
                entry.ResetRequested = true;
                done = entry.OutgoingReset;
            }

            channel.BeginRemoteClose();
            if (requestOurs)
            {
                _association.ResetStreams([id]);
            }
            else if (done)
            {
                Remove(id);
            }
        }
    }

    private void OnOutgoingReset(IReadOnlyList<ushort> streams)
    {
        foreach (var id in streams)
        {
            bool done;
            lock (_lock)
            {
                if (!_channels.TryGetValue(id, out var entry))
                {
                    continue;
                }

                entry.OutgoingReset = true;
                done = entry.IncomingReset;
            }

            if (done)
            {
                Remove(id);
            }
        }
    }

    private void OnBufferedAmountDecreased(ushort streamId, int bytes)
    {
        RtcDataChannel? channel;
        lock (_lock)
        {
            channel = _channels.TryGetValue(streamId, out var entry) ? entry.Channel : null;
        }

        channel?.OnBufferedAmountDecreased(bytes);
    }

    private void OnAssociationClosed(SctpCloseReason reason)
    {
        List<ushort> ids;
        lock (_lock)
        {
            ids = [.. _channels.Keys];
        }

        foreach (var id in ids)
        {
            Remove(id);
        }
    }
}
