using Fledger.WebRtc.Dcep;
using Fledger.WebRtc.Sctp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.WebRtc.DataChannels;

/// <summary>
/// The data channels of one SCTP association: creates channels (DCEP or negotiated), answers the peer's
/// DCEP OPEN, routes messages by stream and PPID, and closes channels by stream reset.
/// </summary>
/// <remarks>
/// RFC 8831 §6 (SCTP usage), RFC 8832 (DCEP). Stream ids follow the DTLS role (RFC 8832 §6): the DTLS client
/// uses even ids, the DTLS server odd ids. Create the manager before the association is established so no
/// message is missed.
/// </remarks>
public sealed partial class DataChannelManager
{
    private readonly SctpAssociation _association;
    private readonly bool _isDtlsClient;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<ushort, ChannelEntry> _channels = [];

    /// <summary>Attaches to an association.</summary>
    /// <param name="association">The SCTP association (started or not).</param>
    /// <param name="isDtlsClient">Whether this side is the DTLS client (even stream ids) or server (odd).</param>
    /// <param name="logger">Logger; <c>null</c> for none.</param>
    public DataChannelManager(SctpAssociation association, bool isDtlsClient, ILogger<DataChannelManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(association);
        _association = association;
        _isDtlsClient = isDtlsClient;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        association.MessageReceived += OnMessage;
        association.StateChanged += OnStateChanged;
        association.IncomingStreamsReset += OnIncomingReset;
        association.OutgoingStreamsReset += OnOutgoingReset;
        association.BufferedAmountDecreased += OnBufferedAmountDecreased;
        association.Closed += OnAssociationClosed;
    }

    /// <summary>Raised (on the association loop) when the peer opened a channel with DCEP; it is already open.</summary>
    public event Action<RtcDataChannel>? DataChannelOpened;

    /// <summary>The association underneath.</summary>
    public SctpAssociation Association => _association;

    /// <summary>Creates a channel. Without <see cref="RtcDataChannelInit.Negotiated"/> a DCEP OPEN is sent.</summary>
    /// <exception cref="ArgumentException">Both partial-reliability limits, a negotiated channel without id, or an id in use.</exception>
    /// <exception cref="InvalidOperationException">No stream id is free, or the association has ended.</exception>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new RtcDataChannelInit();
        if (init.MaxRetransmits is not null && init.MaxPacketLifeTime is not null)
        {
            throw new ArgumentException("Set at most one of MaxRetransmits and MaxPacketLifeTime.", nameof(init));
        }

        if (init.Negotiated && init.Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an id.", nameof(init));
        }

        if (_association.CloseReason is not null)
        {
            throw new InvalidOperationException("The association has ended.");
        }

        RtcDataChannel channel;
        lock (_lock)
        {
            var id = init.Id ?? NextFreeId();
            if (id == ushort.MaxValue || _channels.ContainsKey(id))
            {
                throw new ArgumentException($"Stream id {id} is in use or invalid.", nameof(init));
            }

            channel = new RtcDataChannel(this, id, label, init);
            _channels[id] = new ChannelEntry(channel) { OpenSent = init.Negotiated, Acked = init.Negotiated };
        }

        if (_association.State == SctpAssociationState.Established)
        {
            Activate(channel);
        }

        return channel;
    }

    private ushort NextFreeId()
    {
        for (int id = _isDtlsClient ? 0 : 1; id < ushort.MaxValue; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("No free stream id.");
    }

    /// <summary>Sends the DCEP OPEN (if not sent yet) and marks the channel open.</summary>
    private void Activate(RtcDataChannel channel)
    {
        if (SendOpen(channel))
        {
            channel.SetOpen();
        }
    }

    /// <summary>Queues the channel's DCEP OPEN unless it went already; false if the channel is gone or the send failed.</summary>
    private bool SendOpen(RtcDataChannel channel)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(channel.Id, out var entry))
            {
                return false;
            }

            if (entry.OpenSent)
            {
                return true;
            }

            entry.OpenSent = true;
        }

        var open = new DcepOpen(ChannelTypeOf(channel), channel.Priority, ReliabilityOf(channel), channel.Label, channel.Protocol);
        if (!_association.Send(channel.Id, DataChannelPpid.Dcep, DcepCodec.Encode(open)))
        {
            LogOpenNotSent(channel.Id);
            return false;
        }

        return true;
    }

    internal bool SendOnStream(RtcDataChannel channel, uint ppid, ReadOnlySpan<byte> payload)
    {
        bool acked;
        lock (_lock)
        {
            acked = _channels.TryGetValue(channel.Id, out var entry) && entry.Acked;
        }

        // RFC 8832 §6: until the ACK arrives, messages go ordered so they cannot overtake the OPEN.
        var options = new SctpSendOptions(
            Unordered: !channel.Ordered && acked,
            MaxRetransmits: channel.MaxRetransmits,
            MaxPacketLifetime: channel.MaxPacketLifeTime);
        return _association.Send(channel.Id, ppid, payload, options);
    }

    internal void RequestClose(RtcDataChannel channel)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(channel.Id, out var entry) || entry.ResetRequested)
            {
                return;
            }

            entry.ResetRequested = true;
        }

        if (_association.State != SctpAssociationState.Established)
        {
            Remove(channel.Id);
            return;
        }

        _association.ResetStreams([channel.Id]);
    }

    private static DataChannelType ChannelTypeOf(RtcDataChannel channel)
    {
        var type = channel.MaxRetransmits is not null ? DataChannelType.PartialReliableRexmit
            : channel.MaxPacketLifeTime is not null ? DataChannelType.PartialReliableTimed
            : DataChannelType.Reliable;
        return channel.Ordered ? type : (DataChannelType)((byte)type | 0x80);
    }

    private static uint ReliabilityOf(RtcDataChannel channel) =>
        channel.MaxRetransmits is { } r ? (uint)Math.Max(0, r)
        : channel.MaxPacketLifeTime is { } t ? (uint)Math.Clamp(t.TotalMilliseconds, 0, uint.MaxValue)
        : 0u;

    private void Remove(ushort id)
    {
        RtcDataChannel? channel;
        lock (_lock)
        {
            channel = _channels.Remove(id, out var entry) ? entry.Channel : null;
        }

        channel?.SetClosed();
    }

    private sealed class ChannelEntry(RtcDataChannel channel)
    {
        public RtcDataChannel Channel { get; } = channel;

        public bool OpenSent { get; set; }

        public bool Acked { get; set; }

        public bool ResetRequested { get; set; }

        public bool IncomingReset { get; set; }

        public bool OutgoingReset { get; set; }
    }
}
