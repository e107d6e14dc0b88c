using System.Diagnostics;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;
using DatagramReceiver = Fledger.WebRtc.Transport.DatagramReceiver;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// DTLS 1.2 over a lower <see cref="IDatagramTransport"/> (the ICE selected pair), exposing the decrypted
/// application data as an <see cref="IDatagramTransport"/> for SCTP.
/// </summary>
/// <remarks>
/// RFC 6347 (DTLS 1.2), RFC 8827 §6.5 and RFC 8122 (identity = certificate fingerprint from SDP), RFC 8261 §5
/// (SCTP over DTLS). The BouncyCastle handshake blocks, so it runs on a dedicated thread (reused from an earlier
/// handshake when one is parked) fed from a bounded channel; after it, each record is decrypted on the thread that
/// delivers it from the lower transport (the ICE receive loop) and handed to the receiver at once: no extra thread hop
/// per datagram. The lower transport must deliver on its own thread, never synchronously from inside
/// <see cref="IDatagramTransport.SendAsync"/>.
/// Records that arrive before <see cref="StartAsync"/> are buffered (bounded).
/// </remarks>
public sealed partial class DtlsTransport : IDatagramTransport, IAsyncDisposable
{
    /// <summary>Record overhead assumed before the cipher suite is known (AES-GCM: 13 header + 8 nonce + 16 tag).</summary>
    public const int RecordOverhead = 37;

    /// <summary>One seeded generator for every handshake (BouncyCastle's digest generator locks internally); seeding costs ~40 µs.</summary>

    private readonly IDatagramTransport _lower;
    private readonly DtlsRole _role;
    private readonly DtlsTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly BcDatagramAdapter _adapter;
    private readonly DtlsPeerSettings _settings;
    private readonly Lock _stateLock = new();
    private readonly Lock _bcLock = new();
    private readonly Lock _deliverLock = new();
    private readonly Queue<byte[]> _undelivered = new();
    private readonly TaskCompletionSource<DtlsTransportState> _handshakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BcDtlsTransport? _bc;
    private volatile int _sendLimit;
    private DatagramReceiver? _receiver;
    private readonly Lock _receiveLock = new();
    private byte[] _receiveBuffer = [];
    private int _inlineReceive;
    private bool _receiveLockFree;
    private int _started;
    private int _recordBeforeStart;
    private volatile bool _localClose;

    /// <summary>Creates the transport and starts buffering inbound records from <paramref name="lower"/> at once.</summary>
    /// <param name="lower">The ICE transport (datagrams that are DTLS, i.e. first byte 20–63).</param>
    /// <param name="role">Client (<c>a=setup:active</c>) or server.</param>
    /// <param name="localCertificate">Our certificate; its fingerprint is in our SDP.</param>
    /// <param name="remoteFingerprint">The fingerprint from the peer's SDP; any other certificate is refused.</param>
    /// <param name="options">Timers and bounds; defaults when null.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="timeProvider">Clock for measuring the handshake; system clock when null.</param>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/>.</exception>
    public DtlsTransport(
        IDatagramTransport lower,
        DtlsRole role,
        DtlsCertificate localCertificate,
        DtlsFingerprint remoteFingerprint,
        DtlsTransportOptions? options = null,
        ILogger<DtlsTransport>? logger = null,
        TimeProvider? timeProvider = null)
        : this(lower, localCertificate, role, remoteFingerprint ?? throw new ArgumentNullException(nameof(remoteFingerprint)), options, logger, timeProvider)
    {
    }

    /// <summary>
    /// A DTLS server whose peer fingerprint is not known yet (<see cref="TrySetRemoteFingerprint"/>): started on a
    /// ClientHello that arrived before the SDP answer, it answers at once and checks the client's certificate once the
    /// fingerprint is there (the handshake waits for it at most <see cref="DtlsTransportOptions.HandshakeTimeout"/>).
    /// </summary>
    internal static DtlsTransport CreateServerAwaitingFingerprint(
        IDatagramTransport lower,
        DtlsCertificate localCertificate,
        DtlsTransportOptions? options,
        ILogger<DtlsTransport>? logger,
        TimeProvider? timeProvider) =>
        new(lower, localCertificate, DtlsRole.Server, null, options, logger, timeProvider);

    /// <summary>Both constructors; <paramref name="remoteFingerprint"/> null: supplied later.</summary>
    private DtlsTransport(
        IDatagramTransport lower,
        DtlsCertificate localCertificate,
        DtlsRole role,
        DtlsFingerprint? remoteFingerprint,
        DtlsTransportOptions? options,
        ILogger<DtlsTransport>? logger,
        TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(localCertificate);
        _lower = lower;
        _role = role;
        _options = options ?? new DtlsTransportOptions();
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _settings = new DtlsPeerSettings(localCertificate, remoteFingerprint, _options)
        {
            AlertObserver = OnAlert,
        };
        _adapter = new BcDatagramAdapter(lower, _options.InboundQueueCapacity, _options.MaxInboundDatagramSize);
        _adapter.Closed += OnAdapterClosed;
        _lower.SetReceiver(OnLowerDatagram);
    }

    /// <summary>Raised on every state change (on the thread that caused it).</summary>
    public event Action<DtlsTransportState>? StateChanged;

    /// <summary>
    /// Raised on the delivering thread (inside the lower transport's delivery) for each valid record queued before
    /// <see cref="StartAsync"/>; <see cref="ReceivedBeforeStart"/> stays true afterwards, so records delivered before a
    /// handler was attached are not missed.
    /// </summary>
    internal event Action? RecordBeforeStart;

    /// <summary>True once a valid record arrived before <see cref="StartAsync"/> (e.g. the peer's ClientHello).</summary>
    internal bool ReceivedBeforeStart => Volatile.Read(ref _recordBeforeStart) != 0;

    /// <summary>Supplies the peer's SDP fingerprint to a transport created without it; false when it already had one.</summary>
    internal bool TrySetRemoteFingerprint(DtlsFingerprint fingerprint) => _settings.TrySetExpectedRemote(fingerprint);

    /// <summary>Current state.</summary>
    public DtlsTransportState State { get; private set; } = DtlsTransportState.New;

    /// <summary>Why the transport failed, when <see cref="State"/> is <see cref="DtlsTransportState.Failed"/>.</summary>
    public DtlsFailureReason FailureReason { get; private set; }

    /// <summary>Our role in the handshake.</summary>
    public DtlsRole Role => _role;

    /// <summary>The peer's verified fingerprint once connected.</summary>
    public DtlsFingerprint? RemoteFingerprint => _settings.RemoteFingerprint;

    /// <summary>Handshake duration once connected.</summary>
    public TimeSpan HandshakeDuration { get; private set; }

    /// <summary>Largest application datagram (SCTP packet) that fits one record in one lower datagram.</summary>
    /// <remarks>
    /// Fixed once the handshake completes (read from BouncyCastle before any concurrent use: its own send limit
    /// briefly reflects the previous epoch while it retransmits a handshake flight).
    /// </remarks>
    public int MaxDatagramSize => _sendLimit > 0 ? _sendLimit : _lower.MaxDatagramSize - RecordOverhead;

    /// <summary>
    /// Runs the handshake on a dedicated (pooled) thread. Completes with <see cref="DtlsTransportState.Connected"/>, or with
    /// <see cref="DtlsTransportState.Failed"/> / <see cref="DtlsTransportState.Closed"/> (see <see cref="FailureReason"/>).
    /// Calling it again returns the same outcome. Cancelling closes the transport.
    /// </summary>
    public Task<DtlsTransportState> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            if (!TrySetState(DtlsTransportState.Connecting, DtlsFailureReason.None))
            {
                _handshakeDone.TrySetResult(State);
                return _handshakeDone.Task;
            }

            WebRtcDiagnostics.LoopStarted();
            HandshakeThreads.Run(RunCountedHandshake);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => _ = CloseAsync().AsTask());
            _ = _handshakeDone.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return _handshakeDone.Task;
    }

    /// <summary>
    /// Runs one in-process handshake with <paramref name="certificate"/> (default <see cref="DtlsCertificate.Shared"/>)
    /// so the first real connection does not pay for JIT compilation and key generation (several hundred ms cold).
    /// Call it once at start-up; returns true when the warm-up handshake connected.
    /// </summary>
    public static async Task<bool> WarmUpAsync(DtlsCertificate? certificate = null, CancellationToken cancellationToken = default)
    {
        certificate ??= DtlsCertificate.Shared;
        await using var pair = new LoopbackDatagramPair(1200);
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, certificate, certificate.Fingerprint);
        await using var server = new DtlsTransport(pair.B, DtlsRole.Server, certificate, certificate.Fingerprint);
        var states = await Task.WhenAll(client.StartAsync(cancellationToken), server.StartAsync(cancellationToken)).ConfigureAwait(false);
        return states.All(s => s == DtlsTransportState.Connected);
    }

    /// <summary>Encrypts and sends one application datagram. Dropped silently unless connected.</summary>
    /// <exception cref="ArgumentException">The datagram exceeds <see cref="MaxDatagramSize"/>.</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        var bc = _bc;
        if (bc is null || State != DtlsTransportState.Connected)
        {
            return ValueTask.CompletedTask;
        }

        if (datagram.Length > _sendLimit)
        {
            throw new ArgumentException($"datagram of {datagram.Length} bytes exceeds {_sendLimit}", nameof(datagram));
        }

        try
        {
            lock (_bcLock)
            {
                bc.Send(datagram.Span);
            }
        }
        catch (IOException ex) when (_adapter.IsClosed)
        {
            LogSendAfterClose(_logger, ex.GetType().Name);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sets the receiver of decrypted datagrams; ones decrypted while none is set are kept (bounded).</summary>
    public void SetReceiver(DatagramReceiver? receiver)
    {
        lock (_deliverLock)
        {
            _receiver = receiver;
            while (receiver is not null && _undelivered.TryDequeue(out var pending))
            {
                receiver(pending);
            }
        }
    }

    /// <summary>Sends close_notify (when connected) and stops. Idempotent.</summary>
    public ValueTask CloseAsync()
    {
        _localClose = true;
        var bc = _bc;
        if (bc is not null && State == DtlsTransportState.Connected)
        {
            lock (_bcLock)
            {
                try
                {
                    bc.Close();
                }
                catch (IOException ex)
                {
                    LogSendAfterClose(_logger, ex.GetType().Name);
                }
            }
        }

        _adapter.Close();
        _settings.AbandonExpectedRemote();
        _lower.SetReceiver(null);
        TrySetState(DtlsTransportState.Closed, DtlsFailureReason.None);
        _handshakeDone.TrySetResult(State);

        // A delivering thread may be decrypting right now: wait for it, so nothing is delivered after close returns.
        _receiveLock.Enter();
        _receiveLock.Exit();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync();

    private void RunCountedHandshake()
    {
        try
        {
            RunHandshake();
        }
        finally
        {
            WebRtcDiagnostics.LoopEnded();
        }
    }

    private void RunHandshake()
    {
        LogHandshakeStarting(_logger, _role);
        var started = _timeProvider.GetTimestamp();
        try
        {
            var crypto = new DtlsCrypto(DtlsCrypto.SystemRandom);
            BcDtlsTransport bc = _role == DtlsRole.Client
                ? new DtlsClientProtocol().Connect(new DtlsClientPeer(crypto, _settings), _adapter)
                : new DtlsServerProtocol().Accept(new DtlsServerPeer(crypto, _settings), _adapter);
            _adapter.EndHandshake();
            _sendLimit = Math.Min(bc.GetSendLimit(), _lower.MaxDatagramSize - RecordOverhead);
            _bc = bc;
            HandshakeDuration = _timeProvider.GetElapsedTime(started);
            if (!TrySetState(DtlsTransportState.Connected, DtlsFailureReason.None))
            {
                bc.Close();
                _handshakeDone.TrySetResult(State);
                return;
            }

            LogHandshakeCompleted(_logger, _role, HandshakeDuration.TotalMilliseconds, _sendLimit);
            StartInlineReceive(bc);
        }
        catch (Exception ex) when (ex is IOException or TlsException)
        {
            var reason = Classify(ex);
            LogHandshakeFailed(_logger, _role, reason, ex.Message);
            _adapter.Close();
            TrySetState(_localClose ? DtlsTransportState.Closed : DtlsTransportState.Failed, reason);
        }

        _handshakeDone.TrySetResult(State);
    }

    /// <summary>
    /// After the handshake, records are decrypted on the thread that delivers them (the ICE receive loop) instead of a
    /// separate receive loop: one thread hop less per datagram. Datagrams queued meanwhile are drained here.
    /// </summary>
    private void StartInlineReceive(BcDtlsTransport bc)
    {
        _receiveBuffer = new byte[Math.Max(bc.GetReceiveLimit(), _options.MaxInboundDatagramSize)];
        _adapter.NonBlocking = true;
        Interlocked.Exchange(ref _inlineReceive, 1);
        Pump();
    }

    private void Pump()
    {
        lock (_receiveLock)
        {
            PumpLocked(int.MaxValue);
        }
    }

    /// <summary>Decrypts and delivers every queued record; called under the receive lock (one pumping thread at a time).</summary>
    /// <param name="datagramLength">Size of the offered datagram, or <see cref="int.MaxValue"/> when queued ones may be larger.</param>
    private void PumpLocked(int datagramLength)
    {
        var bc = _bc;
        if (bc is null)
        {
            return;
        }

        try
        {
            while (_adapter.HasQueued)
            {
                // BouncyCastle allocates a record buffer of (output length + 13) per receive: size the output to the
                // datagram (its plaintext is shorter), so a 70-byte SACK does not cost a 2 KiB allocation.
                var limit = _adapter.HasChannelItems ? _receiveBuffer.Length : Math.Clamp(datagramLength, 1, _receiveBuffer.Length);
                var received = ReceiveRecord(bc, limit, pendingOnly: false);
                while (received >= 0)
                {
                    Deliver(_receiveBuffer.AsSpan(0, received));
                    received = ReceiveRecord(bc, limit, pendingOnly: true);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or TlsException)
        {
            if (!_adapter.IsClosed || ex is TlsFatalAlertReceived)
            {
                LogConnectionFailed(_logger, ex.Message);
                _adapter.Close();
                TrySetState(DtlsTransportState.Failed, ex is TlsFatalAlertReceived ? DtlsFailureReason.AlertReceived : DtlsFailureReason.ProtocolError);
            }
        }

        if (_adapter.IsClosed)
        {
            TrySetState(DtlsTransportState.Closed, DtlsFailureReason.None);
        }
    }

    /// <summary>
    /// One BouncyCastle receive. Until the first application record arrives, the peer may still retransmit its last
    /// handshake flight, which makes BouncyCastle resend ours and briefly switch its write epoch: such receives hold the
    /// send lock. Application data proves the peer finished (BouncyCastle then drops its retransmission state), so
    /// later receives run without it and do not contend with the SCTP loop's sends.
    /// </summary>
    private int ReceiveRecord(BcDtlsTransport bc, int limit, bool pendingOnly)
    {
        // The adapter is non-blocking now: BouncyCastle gets -1 at once when the queue is empty.
        var buffer = _receiveBuffer;
        if (_receiveLockFree)
        {
            return pendingOnly ? bc.ReceivePending(buffer, 0, limit, null) : bc.Receive(buffer, 0, limit, 1);
        }

        int received;
        lock (_bcLock)
        {
            received = pendingOnly ? bc.ReceivePending(buffer, 0, limit, null) : bc.Receive(buffer, 0, limit, 1);
        }

        _receiveLockFree = received >= 0;
        return received;
    }

    private void Deliver(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        lock (_deliverLock)
        {
            if (_receiver is { } receiver)
            {
                receiver(datagram);
            }
            else if (_undelivered.Count < _options.InboundQueueCapacity)
            {
                _undelivered.Enqueue(datagram.ToArray());
            }
        }
    }

    private void OnLowerDatagram(ReadOnlySpan<byte> datagram)
    {
        var error = DtlsRecordHeader.ValidateDatagram(datagram, out _);
        if (error != DtlsRecordError.None)
        {
            LogDatagramDropped(_logger, datagram.Length, error);
            return;
        }

        if (Volatile.Read(ref _inlineReceive) == 1)
        {
            lock (_receiveLock)
            {
                if (_adapter.Offer(datagram))
                {
                    PumpLocked(datagram.Length);
                }
            }

            return;
        }

        if (!_adapter.Enqueue(datagram) && !_adapter.IsClosed)
        {
            LogInboundQueueFull(_logger, datagram.Length);
        }

        if (Volatile.Read(ref _started) == 0)
        {
            // Queued before the handshake runs: a DTLS server may start on it (RtcPeerConnection.TryStartDtls).
            Volatile.Write(ref _recordBeforeStart, 1);
            RecordBeforeStart?.Invoke();
        }

        if (Volatile.Read(ref _inlineReceive) == 1)
        {
            // Raced with the switch to inline receive: make sure the queued datagram is not left behind.
            Pump();
        }
    }

    private void OnAdapterClosed()
    {
        // BouncyCastle closes its transport after receiving close_notify (or after a fatal error).
        if (_bc is not null && !_localClose)
        {
            LogRemoteClosed(_logger);
        }
    }

    private void OnAlert(bool received, short level, short description)
    {
        if (received)
        {
            LogAlertReceived(_logger, level, description);
        }
        else
        {
            LogAlertRaised(_logger, level, description);
        }
    }

    private DtlsFailureReason Classify(Exception ex) => ex switch
    {
        _ when _settings.FingerprintMismatch => DtlsFailureReason.FingerprintMismatch,
        _ when _localClose => DtlsFailureReason.Cancelled,
        DtlsAdapterClosedException => DtlsFailureReason.Cancelled,
        TlsTimeoutException => DtlsFailureReason.Timeout,
        TlsFatalAlertReceived => DtlsFailureReason.AlertReceived,
        _ => DtlsFailureReason.ProtocolError,
    };

    private bool TrySetState(DtlsTransportState next, DtlsFailureReason reason)
    {
        lock (_stateLock)
        {
            var current = State;
            if (current is DtlsTransportState.Closed or DtlsTransportState.Failed || current == next)
            {
                return false;
            }

            State = next;
            FailureReason = reason;
        }

        Debug.Assert(next != DtlsTransportState.New, "never back to new");
        StateChanged?.Invoke(next);
        return true;
    }
}
