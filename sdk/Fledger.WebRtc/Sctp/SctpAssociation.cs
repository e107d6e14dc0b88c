using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.WebRtc.Sctp;

/// <summary>
/// One SCTP association over a datagram transport (in WebRTC: DTLS application data, RFC 8261), with the
/// features WebRTC data channels need: ordered / unordered delivery per stream, fragmentation, SACK,
/// congestion control, partial reliability (FORWARD TSN) and stream reset (RE-CONFIG).
/// </summary>
/// <remarks>
/// <para>RFC 9260 (SCTP), RFC 8261 (SCTP over DTLS), RFC 3758 (PR-SCTP), RFC 6525 (stream reset), RFC 8831 §6 (profile).</para>
/// <para>
/// All protocol work runs on one serialized loop per association (one owner at a time) fed by a queue of events
/// (datagrams, timer expiries, user requests). A datagram that finds the loop idle is processed on the thread that
/// delivers it (in a peer connection: the ICE receive loop), others on the thread pool. Events
/// (<see cref="MessageReceived"/> and the others) are raised on that loop: handlers must not block (a blocking handler
/// also holds up the connection's receive thread); calls they make into the association are queued and run after
/// them. Public methods are thread-safe.
/// </para>
/// <para>
/// Both peers may call <see cref="ConnectAsync"/> at once (WebRTC does): the INIT collision is resolved per RFC 9260 §5.2.
/// </para>
/// </remarks>
public sealed partial class SctpAssociation : IAsyncDisposable
{
    private const int TimerT1 = 1;
    private const int TimerT3 = 2;
    private const int TimerSack = 3;
    private const int TimerHeartbeat = 4;
    private const int TimerT2 = 5;
    private const int TimerReconfig = 6;
    private const int MaxQueuedDatagrams = 4096;

    /// <summary>Most DATA packets one SACK covers when they arrive back to back (RFC 9260 §6.2 asks for every second).</summary>
    private const int MaxPacketsPerSack = 4;

    private readonly IDatagramTransport _transport;
    private readonly SctpAssociationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly ConcurrentQueue<LoopEvent> _events = new();
    private readonly LoopWorkItem _workItem;
    private readonly TaskCompletionSource _loopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<OutboundMessage> _userQueue = new();
    private readonly byte[] _cookieSecret = RandomNumberGenerator.GetBytes(32);
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<SctpChunk> _parsed = new(8);
    private readonly List<(byte[] Buffer, int Length)> _outgoing = [];
    private readonly SctpTimer _t1;
    private readonly SctpTimer _t3;
    private readonly SctpTimer _sackTimer;
    private readonly SctpTimer _heartbeatTimer;
    private readonly SctpTimer _t2;
    private readonly SctpTimer _reconfigTimer;
    private readonly int _mtu;
    private readonly int _maxFragment;
    private int _started;
    private int _owner = 1;
    private volatile bool _stopping;
    private long _packetsInline;
    private int _queuedDatagrams;
    private int _kickPending;
    private int _counted;
    private long _bufferedBytes;
    private volatile SctpAssociationState _state;
    private int _remoteMaxMessageSize;

    /// <summary>Creates an association; nothing is sent until <see cref="Start"/> or <see cref="ConnectAsync"/>.</summary>
    /// <param name="transport">The datagram path (DTLS application data in production).</param>
    /// <param name="options">Settings; <c>null</c> for defaults.</param>
    /// <param name="timeProvider">Clock for timers and RTT; <c>null</c> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger; <c>null</c> for none.</param>
    /// <param name="random">Source of verification tags and initial TSNs; <c>null</c> for <see cref="Random.Shared"/>.</param>
    public SctpAssociation(
        IDatagramTransport transport,
        SctpAssociationOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<SctpAssociation>? logger = null,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _options = options ?? new SctpAssociationOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _random = random ?? Random.Shared;
        _mtu = Math.Min(_options.MaxPacketSize, transport.MaxDatagramSize);
        if (_mtu < 64)
        {
            throw new ArgumentException("The transport's datagrams are too small for SCTP.", nameof(transport));
        }

        _maxFragment = _mtu - SctpPacket.CommonHeaderSize - 4 - DataChunk.HeaderLength;
        _remoteMaxMessageSize = _options.RemoteMaxMessageSize ?? _options.MaxMessageSize;
        _workItem = new LoopWorkItem(this);
        Action<int> post = PostTimer;
        _t1 = new SctpTimer(_time, post, TimerT1);
        _t3 = new SctpTimer(_time, post, TimerT3);
        _sackTimer = new SctpTimer(_time, post, TimerSack);
        _heartbeatTimer = new SctpTimer(_time, post, TimerHeartbeat);
        _t2 = new SctpTimer(_time, post, TimerT2);
        _reconfigTimer = new SctpTimer(_time, post, TimerReconfig);
        _rto = _options.InitialRto;
        _cwnd = 4 * _mtu;
        _ssthresh = _options.ReceiveWindow;
    }

    /// <summary>
    /// Raised on the association loop when the state changes (the first change, to COOKIE-WAIT, on the thread calling
    /// <see cref="ConnectAsync"/> when that call starts the association).
    /// </summary>
    public event Action<SctpAssociationState>? StateChanged;

    /// <summary>Raised on the association loop for each complete message, in stream order for ordered messages.</summary>
    public event Action<SctpMessage>? MessageReceived;

    /// <summary>Raised when the peer reset its outgoing streams (our incoming ones), RFC 6525 §5.2.2.</summary>
    public event Action<IReadOnlyList<ushort>>? IncomingStreamsReset;

    /// <summary>Raised when a reset of our outgoing streams (requested by <see cref="ResetStreams"/>) completed.</summary>
    public event Action<IReadOnlyList<ushort>>? OutgoingStreamsReset;

    /// <summary>Raised when queued bytes of a stream were acknowledged or abandoned: (stream, bytes).</summary>
    public event Action<ushort, int>? BufferedAmountDecreased;

    /// <summary>Raised once when the association ends.</summary>
    public event Action<SctpCloseReason>? Closed;

    /// <summary>SCTP packets processed on the delivering thread (the loop was idle), without a copy or a thread hop.</summary>
    internal long PacketsProcessedInline => Interlocked.Read(ref _packetsInline);

    /// <summary>The current state.</summary>
    public SctpAssociationState State => _state;

    /// <summary>Why the association ended, once <see cref="Closed"/> fired.</summary>
    public SctpCloseReason? CloseReason { get; private set; }

    /// <summary>Largest message <see cref="Send"/> accepts: the peer's a=max-message-size (RFC 8841 §6).</summary>
    public int RemoteMaxMessageSize
    {
        get => Volatile.Read(ref _remoteMaxMessageSize);
        set => Volatile.Write(ref _remoteMaxMessageSize, value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>Bytes accepted by <see cref="Send"/> and not yet acknowledged or abandoned.</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedBytes);

    /// <summary>Whether the peer supports FORWARD TSN (partial reliability).</summary>
    public bool PeerSupportsForwardTsn => _peerForwardTsn;

    /// <summary>Completes when the association is established; faults if it ends first.</summary>
    public Task Established => _established.Task;

    /// <summary>Completes when the association has ended.</summary>
    public Task Completion => _closed.Task;

    /// <summary>Attaches to the transport and starts the loop; the association then answers an INIT from the peer.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        StartLoop(null);
    }

    /// <summary>Starts (if needed), sends INIT and waits until established.</summary>
    /// <remarks>
    /// On an association that was not started yet the INIT is built and handed to the transport on the calling
    /// thread before the loop starts (no loop owns the state yet): in a peer connection that is the DTLS thread that
    /// has just finished the handshake, so the INIT does not wait for a thread-pool hop (RFC 8261 §5, RFC 9260 §5.1).
    /// </remarks>
    /// <param name="cancellationToken">Cancels the wait (the association keeps trying until its own timeout).</param>
    /// <exception cref="InvalidOperationException">The association ended before it was established.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            BeginConnect();
            var sent = SendOutgoingAsync();
            StartLoop(sent.IsCompletedSuccessfully ? null : sent.AsTask());
        }
        else
        {
            Post(BeginConnect);
        }

        return _established.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Attaches the receiver and releases the loop, owned by the starting thread until then (after
    /// <paramref name="pendingSend"/>, the INIT still being sent); what arrived meanwhile is queued and runs on the pool.
    /// </summary>
    private void StartLoop(Task? pendingSend)
    {
        WebRtcDiagnostics.SctpAssociationStarted();
        WebRtcDiagnostics.LoopStarted();
        Volatile.Write(ref _counted, 1);
        _transport.SetReceiver(OnDatagram);
        if (pendingSend is null)
        {
            ReleaseInitialOwnership();
        }
        else
        {
            _ = ReleaseAfterAsync(pendingSend);
        }
    }

    /// <summary>
    /// Queues a message. Never blocks; the bytes are copied. Returns false if the association is not
    /// established (or is shutting down) or the send buffer (<see cref="SctpAssociationOptions.MaxSendBuffer"/>) is full.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="ppid">Payload protocol identifier.</param>
    /// <param name="data">The message; must not be empty (WebRTC sends one zero byte with PPID 56/57 instead).</param>
    /// <param name="options">Ordering and partial reliability.</param>
    /// <exception cref="ArgumentException">The message is empty or exceeds <see cref="RemoteMaxMessageSize"/>.</exception>
    public bool Send(ushort streamId, uint ppid, ReadOnlySpan<byte> data, SctpSendOptions options = default)
    {
        if (data.IsEmpty || data.Length > RemoteMaxMessageSize)
        {
            throw new ArgumentException($"A message must have 1..{RemoteMaxMessageSize} bytes.", nameof(data));
        }

        if (_state is not (SctpAssociationState.Established or SctpAssociationState.CookieEchoed or SctpAssociationState.CookieWait)
            || Interlocked.Read(ref _bufferedBytes) + data.Length > _options.MaxSendBuffer)
        {
            return false;
        }

        var expires = options.MaxPacketLifetime is { } life ? Now + ToTicks(life) : long.MaxValue;
        Interlocked.Add(ref _bufferedBytes, data.Length);
        _userQueue.Enqueue(new OutboundMessage(streamId, ppid, data, options, expires));
        Kick();
        return true;
    }

    /// <summary>Resets the given outgoing streams (closing data channels, RFC 8831 §6.7) after the data already queued on them.</summary>
    public void ResetStreams(IReadOnlyCollection<ushort> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var copy = streams.ToArray();
        Post(() => QueueStreamReset(copy));
    }

    /// <summary>Graceful shutdown (RFC 9260 §9.2): delivers outstanding data, then closes. Completes when closed.</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        Post(BeginShutdown);
        return _closed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends ABORT (RFC 9260 §9.1) and ends the association at once.</summary>
    public void Abort() => Post(() => AbortLocal(SctpCloseReason.LocalAbort));

    /// <summary>A snapshot of counters and congestion state.</summary>
    public SctpAssociationStatistics GetStatistics() => new(
        _packetsSent, _packetsReceived, _dataChunksSent, _dataChunksReceived, _retransmissions, _fastRetransmissions,
        _t3Expirations, _duplicatesReceived, _forwardTsnsSent, _abandonedMessages, _cwnd, _ssthresh, _flightSize, _rto);

    /// <summary>Aborts if still open, stops the loop and detaches from the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _started) == 0)
        {
            Terminate(SctpCloseReason.Disposed);
        }
        else
        {
            Post(() => AbortLocal(SctpCloseReason.Disposed));
            await _closed.Task.ConfigureAwait(false);
            _stopping = true;
            if (Interlocked.CompareExchange(ref _owner, 1, 0) == 0)
            {
                Stop();
            }

            // Otherwise the owner stops at the end of its batch.
            await _loopEnded.Task.ConfigureAwait(false);
            _transport.SetReceiver(null);
        }

        _t1.Dispose();
        _t3.Dispose();
        _sackTimer.Dispose();
        _heartbeatTimer.Dispose();
        _t2.Dispose();
        _reconfigTimer.Dispose();
    }

    private void SetState(SctpAssociationState state)
    {
        if (_state == state)
        {
            return;
        }

        LogStateChanged(_state, state);
        _state = state;
        Raise(StateChanged, state);
    }

    private void Raise<T>(Action<T>? handler, T arg)
    {
        try
        {
            handler?.Invoke(arg);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHandlerFailed(ex);
        }
    }

    /// <summary>Ends the association: stops timers, fails waiters, releases queued data and raises <see cref="Closed"/>.</summary>
    private void Terminate(SctpCloseReason reason)
    {
        if (CloseReason is not null)
        {
            return;
        }

        CloseReason = reason;
        if (Interlocked.Exchange(ref _counted, 0) == 1)
        {
            WebRtcDiagnostics.SctpAssociationEnded();
        }

        _t1.Stop();
        _t3.Stop();
        _sackTimer.Stop();
        _heartbeatTimer.Stop();
        _t2.Stop();
        _reconfigTimer.Stop();
        SetState(SctpAssociationState.Closed);
        _established.TrySetException(new InvalidOperationException($"The SCTP association ended ({reason})."));
        _ = _established.Task.Exception;
        ReleaseAllQueued();
        LogClosed(reason);
        Raise(Closed, reason);
        _closed.TrySetResult();
    }

    private long Now => _time.GetTimestamp();

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
