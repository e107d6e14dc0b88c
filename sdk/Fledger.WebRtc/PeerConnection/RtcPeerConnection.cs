using System.Buffers.Binary;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Sdp;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.PeerConnection;

/// <summary>
/// A data-channel peer connection modelled on the browser's <c>RTCPeerConnection</c>: ICE (<see cref="IceAgent"/>),
/// DTLS 1.2 (<see cref="DtlsTransport"/>) and SCTP data channels over one UDP socket.
/// </summary>
/// <remarks>
/// <para>Offer/answer as in JSEP (RFC 8829): the offerer is ICE-controlling and offers <c>a=setup:actpass</c>;
/// the answerer answers <c>a=setup:active</c> and becomes the DTLS client. Candidates trickle through
/// <see cref="IceCandidate"/> / <see cref="AddIceCandidateAsync"/>. DTLS starts as soon as ICE has a validated pair (as
/// DTLS server: as soon as the peer's ClientHello arrives from a source ICE authenticated, even before the answer).</para>
/// <para>Events are raised on stack threads: keep handlers short and never block in them.</para>
/// </remarks>
public sealed partial class RtcPeerConnection : IAsyncDisposable
{
    private const int MaxPendingRemoteCandidates = 64;

    private readonly RtcConfiguration _config;
    private readonly ILogger _logger;
    private readonly DtlsCertificate _certificate;
    private readonly Lock _gate = new();
    private readonly List<RtcIceCandidateInit> _pendingRemoteCandidates = [];
    private readonly ulong _sessionId;
    private readonly SetupPhaseRecorder _phases;
    private ulong _sessionVersion = 1;
    private IceAgent? _ice;
    private DtlsTransport? _dtls;
    private SdpSessionDescription? _local;
    private SdpSessionDescription? _remote;
    private RtcSdpType? _localType;
    private RtcSdpType? _remoteType;
    private DtlsRole? _dtlsRole;
    private bool _dtlsStarted;
    private bool _dtlsAwaitingFingerprint;
    private bool _gatheringComplete;
    private bool _closed;
    private RtcSignalingState _signalingState = RtcSignalingState.Stable;
    private RtcPeerConnectionState _connectionState = RtcPeerConnectionState.New;

    /// <summary>Creates a peer connection; nothing is bound until a local description is set.</summary>
    /// <exception cref="ArgumentException">Invalid <paramref name="configuration"/>.</exception>
    public RtcPeerConnection(RtcConfiguration? configuration = null)
    {
        _config = configuration ?? new RtcConfiguration();
        _config.Validate();
        _phases = new SetupPhaseRecorder(_config.TimeProvider);
        _logger = _config.LoggerFactory.CreateLogger<RtcPeerConnection>();
        _certificate = _config.Certificate ?? DtlsCertificate.Shared;
        Span<byte> id = stackalloc byte[8];
        _config.RandomFill(id);
        _sessionId = BinaryPrimitives.ReadUInt64LittleEndian(id) >> 2;
        WebRtcDiagnostics.PeerConnectionCreated();
    }

    /// <summary>A local candidate to trickle to the peer; the last one has <see cref="RtcIceCandidateInit.IsEndOfCandidates"/>.</summary>
    public event Action<RtcIceCandidateInit>? IceCandidate;

    /// <summary>Aggregate state changes.</summary>
    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    /// <summary>ICE state changes.</summary>
    public event Action<IceConnectionState>? IceConnectionStateChanged;

    /// <summary>DTLS state changes.</summary>
    public event Action<DtlsTransportState>? DtlsStateChanged;

    /// <summary>Signaling state changes.</summary>
    public event Action<RtcSignalingState>? SignalingStateChanged;

    /// <summary>Aggregate of ICE and DTLS.</summary>
    public RtcPeerConnectionState ConnectionState
    {
        get
        {
            lock (_gate)
            {
                return _connectionState;
            }
        }
    }

    /// <summary>Offer/answer state.</summary>
    public RtcSignalingState SignalingState
    {
        get
        {
            lock (_gate)
            {
                return _signalingState;
            }
        }
    }

    /// <summary>ICE state (New before a description is set).</summary>
    public IceConnectionState IceConnectionState => _ice?.State ?? IceConnectionState.New;

    /// <summary>DTLS state (New until both descriptions are set).</summary>
    public DtlsTransportState DtlsState => _dtls?.State ?? DtlsTransportState.New;

    /// <summary>Our DTLS role once negotiated.</summary>
    public DtlsRole? DtlsRole => _dtlsRole;

    /// <summary>Our certificate's fingerprint (what our SDP carries).</summary>
    public DtlsFingerprint LocalFingerprint => _certificate.Fingerprint;

    /// <summary>The largest message the peer accepts (its <c>a=max-message-size</c>; 65536 when absent).</summary>
    public long RemoteMaxMessageSize => _remote?.Application.EffectiveMaxMessageSize ?? SdpApplicationMedia.DefaultMaxMessageSize;

    /// <summary>The current local description including the candidates gathered so far, or null.</summary>
    public RtcSessionDescription? LocalDescription
    {
        get
        {
            lock (_gate)
            {
                return _local is null || _localType is null ? null : new RtcSessionDescription(_localType.Value, WithCandidates(_local).ToString());
            }
        }
    }

    /// <summary>The remote description as set, or null.</summary>
    public RtcSessionDescription? RemoteDescription
    {
        get
        {
            lock (_gate)
            {
                return _remote is null || _remoteType is null ? null : new RtcSessionDescription(_remoteType.Value, _remote.ToString());
            }
        }
    }

    /// <summary>Creates an offer (ICE-controlling, <c>a=setup:actpass</c>).</summary>
    /// <exception cref="InvalidOperationException">Not in <see cref="RtcSignalingState.Stable"/> before any exchange, or closed.</exception>
    public Task<RtcSessionDescription> CreateOfferAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfClosed();
            if (_signalingState is not (RtcSignalingState.Stable or RtcSignalingState.HaveLocalOffer) || _remote is not null)
            {
                throw new InvalidOperationException($"Cannot create an offer in state {_signalingState} (renegotiation is not supported).");
            }

            var ice = EnsureIce(IceRole.Controlling);
            var offer = SessionNegotiation.BuildOffer(LocalParameters(ice), _sessionId, _sessionVersion, [], false);
            return Task.FromResult(new RtcSessionDescription(RtcSdpType.Offer, offer.ToString()));
        }
    }

    /// <summary>Creates the answer to the remote offer (<c>a=setup:active</c> unless the offer was active).</summary>
    /// <exception cref="InvalidOperationException">Not in <see cref="RtcSignalingState.HaveRemoteOffer"/>, or closed.</exception>
    public Task<RtcSessionDescription> CreateAnswerAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfClosed();
            if (_signalingState != RtcSignalingState.HaveRemoteOffer || _remote is null || _ice is null)
            {
                throw new InvalidOperationException($"Cannot create an answer in state {_signalingState}.");
            }

            SessionNegotiation.AnswerSetup(_remote.Application.Setup, out var setup);
            var answer = SessionNegotiation.BuildAnswer(_remote, LocalParameters(_ice), setup, _sessionId, _sessionVersion, [], false);
            return Task.FromResult(new RtcSessionDescription(RtcSdpType.Answer, answer.ToString()));
        }
    }

    /// <summary>
    /// Applies our own offer or answer (as returned by <see cref="CreateOfferAsync"/> / <see cref="CreateAnswerAsync"/>)
    /// and starts gathering candidates. Returns null on success, else a typed error (state unchanged).
    /// </summary>
    public async Task<RtcDescriptionError?> SetLocalDescriptionAsync(RtcSessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        IceAgent ice;
        lock (_gate)
        {
            var error = ApplyLocal(description);
            if (error is not null)
            {
                LogDescriptionRefused(_logger, "local", error.Code, error.Detail);
                return error;
            }

            ice = _ice!;
        }

        _phases.Mark(SetupPhase.LocalDescriptionSet);
        RaiseSignalingState();
        await StartGatheringOnceAsync(ice, cancellationToken).ConfigureAwait(false);
        _phases.Mark(SetupPhase.CandidatesGathered);
        OnNegotiationProgress();
        return null;
    }

    /// <summary>
    /// Applies the peer's offer or answer. Returns null on success, else a typed error (invalid SDP, wrong state,
    /// incompatible setup); the state is then unchanged.
    /// </summary>
    public Task<RtcDescriptionError?> SetRemoteDescriptionAsync(RtcSessionDescription description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        cancellationToken.ThrowIfCancellationRequested();
        RtcDescriptionError? error;
        lock (_gate)
        {
            error = ApplyRemote(description);
        }

        if (error is not null)
        {
            LogDescriptionRefused(_logger, "remote", error.Code, error.Detail);
            return Task.FromResult<RtcDescriptionError?>(error);
        }

        _phases.Mark(SetupPhase.RemoteDescriptionSet);
        RaiseSignalingState();
        ApplyRemoteIce();
        FlushPendingCandidates();
        OnNegotiationProgress();
        return Task.FromResult<RtcDescriptionError?>(null);
    }

    /// <summary>
    /// Adds a trickled remote candidate, or the end-of-candidates marker (an empty candidate, as browsers send it),
    /// after which ICE fails as soon as every pair has failed. Candidates that arrive before the remote description
    /// are queued (bounded).
    /// Returns false when the candidate is malformed or ignored (e.g. an unresolved mDNS <c>.local</c> name: such a
    /// peer is still reached through the peer-reflexive address its checks come from).
    /// </summary>
    public Task<bool> AddIceCandidateAsync(RtcIceCandidateInit candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        cancellationToken.ThrowIfCancellationRequested();
        if (candidate.IsEndOfCandidates)
        {
            return Task.FromResult(AddEndOfCandidates(candidate));
        }

        var parseError = Ice.IceCandidate.TryParse(candidate.Candidate, out var parsed);
        if (parseError != IceCandidateParseError.None)
        {
            LogCandidateRefused(_logger, parseError);
            return Task.FromResult(false);
        }

        IceAgent? ice;
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromResult(false);
            }

            ice = _remote is null ? null : _ice;
            if (ice is null)
            {
                if (_pendingRemoteCandidates.Count >= MaxPendingRemoteCandidates)
                {
                    return Task.FromResult(false);
                }

                _pendingRemoteCandidates.Add(candidate);
                return Task.FromResult(true);
            }
        }

        return Task.FromResult(ice.AddRemoteCandidate(parsed!));
    }

    /// <summary>Passes the peer's end-of-candidates to ICE, or queues it until the remote description is set.</summary>
    private bool AddEndOfCandidates(RtcIceCandidateInit marker)
    {
        IceAgent? ice;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            ice = _remote is null ? null : _ice;
            if (ice is null)
            {
                if (_pendingRemoteCandidates.Count >= MaxPendingRemoteCandidates)
                {
                    return false;
                }

                _pendingRemoteCandidates.Add(marker);
                return true;
            }
        }

        ice.SetRemoteEndOfCandidates();
        return true;
    }

    /// <summary>A snapshot of states, the selected pair and counters.</summary>
    public RtcStats GetStats()
    {
        var ice = _ice;
        var pair = ice?.SelectedPair;
        var counters = ice?.GetStats();
        return new RtcStats(
            ConnectionState,
            IceConnectionState,
            DtlsState,
            pair?.LocalType,
            pair?.RemoteType,
            pair?.LocalAddress,
            pair?.RemoteAddress,
            counters?.BytesSent ?? 0,
            counters?.BytesReceived ?? 0,
            pair?.RoundTripTime,
            _dtls?.State == DtlsTransportState.Connected ? _dtls.HandshakeDuration : null,
            _sctp?.State,
            _sctp?.GetStatistics(),
            _phases.Snapshot());
    }

    /// <summary>When each setup phase was reached (ICE, DTLS, SCTP, first channel open), relative to creation.</summary>
    public RtcSetupTimings SetupTimings => _phases.Snapshot();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CloseAsync();

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new InvalidOperationException("The peer connection is closed.");
        }
    }

    private LocalSessionParameters LocalParameters(IceAgent ice) =>
        new(ice.LocalUfrag, ice.LocalPassword, _certificate.Fingerprint, _config.MaxMessageSize);

    private SdpSessionDescription WithCandidates(SdpSessionDescription local) =>
        _ice is null
            ? local
            : local with
            {
                Application = local.Application with
                {
                    Candidates = _ice.LocalCandidates.Select(c => c.ToString()).ToArray(),
                    EndOfCandidates = _gatheringComplete,
                },
            };
}
