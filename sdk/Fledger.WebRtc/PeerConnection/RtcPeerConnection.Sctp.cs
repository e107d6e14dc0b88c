using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Sctp;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    private const int MaxPendingChannels = 256;
    private const int MaxRemoteMessageSize = 16 * 1024 * 1024;
    private static readonly TimeSpan SctpShutdownTimeout = TimeSpan.FromSeconds(1);

    private readonly List<PendingChannel> _pendingChannels = [];
    private SctpAssociation? _sctp;
    private DataChannelManager? _channels;

    /// <summary>The peer opened a data channel (DCEP); it is already open. Raised on the SCTP loop.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>SCTP association state changes (raised on the SCTP loop).</summary>
    public event Action<SctpAssociationState>? SctpStateChanged;

    /// <summary>The SCTP association state, or null before DTLS is connected.</summary>
    public SctpAssociationState? SctpState => _sctp?.State;

    /// <summary>
    /// Creates a data channel (browser <c>createDataChannel</c>). May be called at any time before close, also
    /// before negotiation: the channel object is created as soon as the SCTP association exists (after DTLS
    /// connects), and it opens when the association is established (watch <see cref="RtcDataChannel.Opened"/>).
    /// The DTLS client allocates even stream ids, the server odd ones (RFC 8832 §6); negotiated channels use
    /// <see cref="RtcDataChannelInit.Id"/> and skip DCEP.
    /// </summary>
    /// <exception cref="ArgumentException">Both reliability limits set, or a negotiated channel without id.</exception>
    /// <exception cref="InvalidOperationException">The connection is closed, or too many channels are pending.</exception>
    public Task<RtcDataChannel> CreateDataChannelAsync(string label, RtcDataChannelInit? init = null, CancellationToken cancellationToken = default)
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

        DataChannelManager? manager;
        PendingChannel pending;
        lock (_gate)
        {
            ThrowIfClosed();
            manager = _channels;
            if (manager is null)
            {
                if (_pendingChannels.Count >= MaxPendingChannels)
                {
                    throw new InvalidOperationException("Too many data channels waiting for the connection.");
                }

                pending = new PendingChannel(label, init);
                _pendingChannels.Add(pending);
                return pending.Completion.Task.WaitAsync(cancellationToken);
            }
        }

        return Task.FromResult(TrackOpen(manager.CreateDataChannel(label, init)));
    }

    /// <summary>Creates the SCTP association and data-channel manager over the connected DTLS transport and connects.</summary>
    private async Task StartUpperLayersAsync(DtlsTransport dtls)
    {
        SctpAssociation sctp;
        DataChannelManager manager;
        PendingChannel[] pending;
        lock (_gate)
        {
            if (_closed || _local is null || _remote is null)
            {
                return;
            }

            var remoteMax = (int)Math.Min(_remote.Application.EffectiveMaxMessageSize, MaxRemoteMessageSize);
            var options = new SctpAssociationOptions
            {
                LocalPort = (ushort)_local.Application.SctpPort,
                RemotePort = (ushort)_remote.Application.SctpPort,
                // A multiple of 4, so a padded full-size DATA chunk still fits one DTLS record.
                MaxPacketSize = dtls.MaxDatagramSize & ~3,
                MaxMessageSize = _config.MaxMessageSize,
                ReceiveWindow = Math.Max(1024 * 1024, _config.MaxMessageSize),
                RemoteMaxMessageSize = remoteMax,
            };
            sctp = new SctpAssociation(dtls, options, _config.TimeProvider, _config.LoggerFactory.CreateLogger<SctpAssociation>());
            manager = new DataChannelManager(sctp, dtls.Role == Dtls.DtlsRole.Client, _config.LoggerFactory.CreateLogger<DataChannelManager>());
            manager.DataChannelOpened += channel =>
            {
                MarkChannelOpen();
                DataChannel?.Invoke(channel);
            };
            sctp.StateChanged += state =>
            {
                if (state == SctpAssociationState.Established)
                {
                    _phases.Mark(SetupPhase.SctpEstablished);
                }

                SctpStateChanged?.Invoke(state);
            };
            _sctp = sctp;
            _channels = manager;
            pending = [.. _pendingChannels];
            _pendingChannels.Clear();
        }

        foreach (var request in pending)
        {
            try
            {
                request.Completion.TrySetResult(TrackOpen(manager.CreateDataChannel(request.Label, request.Init)));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                request.Completion.TrySetException(ex);
            }
        }

        try
        {
            await sctp.ConnectAsync().ConfigureAwait(false);
            LogSctpEstablished(_logger, dtls.MaxDatagramSize);
        }
        catch (InvalidOperationException ex)
        {
            LogSctpFailed(_logger, ex.Message);
        }
    }

    /// <summary>Graceful SCTP shutdown (bounded), then disposal; fails channels still waiting for the connection.</summary>
    private async Task CloseUpperLayersAsync()
    {
        SctpAssociation? sctp;
        PendingChannel[] pending;
        lock (_gate)
        {
            sctp = _sctp;
            pending = [.. _pendingChannels];
            _pendingChannels.Clear();
        }

        foreach (var request in pending)
        {
            request.Completion.TrySetException(new InvalidOperationException("The peer connection closed."));
        }

        if (sctp is null)
        {
            return;
        }

        if (sctp.State == SctpAssociationState.Established)
        {
            try
            {
                await sctp.ShutdownAsync().WaitAsync(SctpShutdownTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                sctp.Abort();
            }
        }

        await sctp.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Records <see cref="SetupPhase.ChannelOpen"/> when a local channel opens.</summary>
    private RtcDataChannel TrackOpen(RtcDataChannel channel)
    {
        channel.Opened += _ => MarkChannelOpen();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            MarkChannelOpen();
        }

        return channel;
    }

    /// <summary>A channel opens only on an established association, whose state event may be raised after the channel's.</summary>
    private void MarkChannelOpen()
    {
        _phases.Mark(SetupPhase.SctpEstablished);
        _phases.Mark(SetupPhase.ChannelOpen);
    }

    private sealed class PendingChannel(string label, RtcDataChannelInit init)
    {
        public string Label { get; } = label;

        public RtcDataChannelInit Init { get; } = init;

        public TaskCompletionSource<RtcDataChannel> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
