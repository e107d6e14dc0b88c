using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    /// <summary>DTLS record header: type, version, epoch, sequence number, length (RFC 6347 §4.1).</summary>
    private const int DtlsRecordHeaderLength = 13;

    /// <summary>Closes data channels, SCTP, DTLS (close_notify, so the peer sees it) and ICE. Idempotent.</summary>
    public async ValueTask CloseAsync()
    {
        IceAgent? ice;
        DtlsTransport? dtls;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            WebRtcDiagnostics.PeerConnectionClosed();
            _signalingState = RtcSignalingState.Closed;
            ice = _ice;
            dtls = _dtls;
        }

        LogClosing(_logger);
        await CloseUpperLayersAsync().ConfigureAwait(false);
        if (dtls is not null)
        {
            await dtls.CloseAsync().ConfigureAwait(false);
        }

        if (ice is not null)
        {
            await ice.DisposeAsync().ConfigureAwait(false);
        }

        SignalingStateChanged?.Invoke(RtcSignalingState.Closed);
        UpdateConnectionState();
    }

    /// <summary>
    /// Called after each description: once both are set, creates DTLS (buffering early records) and maybe starts it; or
    /// hands the answer's fingerprint to the DTLS server that started before the answer (<see cref="OnDatagramBeforeDtls"/>).
    /// </summary>
    private void OnNegotiationProgress()
    {
        DtlsTransport? early = null;
        DtlsFingerprint? fingerprint = null;
        var roleMismatch = false;
        lock (_gate)
        {
            if (_closed || _dtlsRole is not { } role || _local is null || _remote is null || _ice is null)
            {
                return;
            }

            if (_dtls is not null)
            {
                if (!_dtlsAwaitingFingerprint)
                {
                    return;
                }

                _dtlsAwaitingFingerprint = false;
                early = _dtls;
                fingerprint = _remote.Application.PreferredFingerprint;
                roleMismatch = early.Role != role;
            }
            else
            {
                var dtls = new DtlsTransport(
                    _ice.Transport,
                    role,
                    _certificate,
                    _remote.Application.PreferredFingerprint,
                    _config.Dtls,
                    _config.LoggerFactory.CreateLogger<DtlsTransport>(),
                    _config.TimeProvider);
                // Records delivered by the constructor (buffered by ICE) are covered by ReceivedBeforeStart in TryStartDtls.
                AdoptDtls(dtls);
            }
        }

        if (early is not null)
        {
            if (roleMismatch)
            {
                // The peer sent a ClientHello, then answered a=setup:passive (it is the DTLS server): a broken peer.
                LogEarlyDtlsRoleMismatch(_logger);
                _ = early.CloseAsync().AsTask();
                return;
            }

            early.TrySetRemoteFingerprint(fingerprint!);
            return;
        }

        TryStartDtls();
    }

    /// <summary>
    /// A DTLS datagram from an ICE-authenticated source arrived before the DTLS transport exists. When it is a
    /// ClientHello and we are the offerer still waiting for the answer, the peer has chosen to be the DTLS client (our
    /// offer said <c>actpass</c>), so we are the server: start it now and let it wait for the answer's fingerprint only
    /// where it is needed, at the client's Certificate (the fingerprint check itself, RFC 8122 §5, is unchanged). A peer
    /// that answers <c>a=setup:passive</c> after sending a ClientHello is broken: the connection closes.
    /// </summary>
    /// <remarks>Runs on the ICE receive loop, outside the ICE transport's lock.</remarks>
    private void OnDatagramBeforeDtls(byte[] datagram)
    {
        if (!IsClientHello(datagram))
        {
            return;
        }

        lock (_gate)
        {
            if (_closed || _dtls is not null || _remote is not null || _localType != RtcSdpType.Offer || _ice is null)
            {
                return;
            }

            // The constructor takes the buffered ClientHello from the ICE transport (ReceivedBeforeStart).
            var dtls = DtlsTransport.CreateServerAwaitingFingerprint(
                _ice.Transport,
                _certificate,
                _config.Dtls,
                _config.LoggerFactory.CreateLogger<DtlsTransport>(),
                _config.TimeProvider);
            AdoptDtls(dtls);
            _dtlsAwaitingFingerprint = true;
        }

        LogEarlyDtlsServer(_logger);
        TryStartDtls();
    }

    /// <summary>Makes <paramref name="dtls"/> the connection's DTLS transport (under <c>_gate</c>): state changes and the first record start it.</summary>
    private void AdoptDtls(DtlsTransport dtls)
    {
        dtls.StateChanged += OnDtlsStateChanged;
        dtls.RecordBeforeStart += TryStartDtls;
        _dtls = dtls;
    }

    /// <summary>An epoch-0 handshake record carrying a ClientHello (RFC 6347 §4.1, §4.2.2).</summary>
    private static bool IsClientHello(ReadOnlySpan<byte> datagram) =>
        datagram.Length > DtlsRecordHeaderLength && datagram[0] == 22 && datagram[3] == 0 && datagram[4] == 0
        && datagram[DtlsRecordHeaderLength] == 1;

    private void OnIceStateChanged(object? sender, IceConnectionState state)
    {
        LogIceState(_logger, state);
        if (state is IceConnectionState.Connected or IceConnectionState.Completed)
        {
            _phases.Mark(SetupPhase.IceConnected);
            if (state == IceConnectionState.Completed)
            {
                _phases.Mark(SetupPhase.IceNominated);
            }
        }

        IceConnectionStateChanged?.Invoke(state);
        if (state is IceConnectionState.Connected or IceConnectionState.Completed)
        {
            TryStartDtls();
        }

        UpdateConnectionState();
    }

    /// <summary>
    /// Starts the DTLS handshake once the DTLS transport exists and either ICE has a validated pair, or (DTLS server
    /// only) the peer's first flight has arrived from a source ICE authenticated.
    /// </summary>
    /// <remarks>
    /// The early server start: the peer's agent starts DTLS as soon as its own check succeeds, which is usually before
    /// ours does (our first check waits for the answer's credentials). Its ClientHello can only reach the DTLS
    /// transport from an address that sent us a Binding request with a valid MESSAGE-INTEGRITY under our password
    /// (RFC 8445 §7.3, <see cref="IceTransport"/> delivers nothing else), and we answered that request, so the peer is
    /// on-path and holds the session's credentials; the ServerHello flight (~0.6 KB) goes back to that address and is
    /// smaller than the ClientHello (~1.4 KB) that triggered it; the certificate is still checked against the SDP
    /// fingerprint (RFC 8122). The DTLS client never sends first before ICE connects (RFC 7675 consent).
    /// </remarks>
    private void TryStartDtls()
    {
        DtlsTransport dtls;
        lock (_gate)
        {
            if (_closed || _dtlsStarted || _dtls is null || _ice is not { } ice)
            {
                return;
            }

            var iceConnected = ice.State is IceConnectionState.Connected or IceConnectionState.Completed;
            var earlyServer = _dtls.Role == Dtls.DtlsRole.Server && _dtls.ReceivedBeforeStart
                && ice.State is not (IceConnectionState.Failed or IceConnectionState.Closed);
            if (!iceConnected && !earlyServer)
            {
                return;
            }

            _dtlsStarted = true;
            dtls = _dtls;
        }

        RunDtls(dtls);
    }

    private void RunDtls(DtlsTransport dtls)
    {
        _phases.Mark(SetupPhase.DtlsStarted);
        _ = dtls.StartAsync();
    }

    private void OnDtlsStateChanged(DtlsTransportState state)
    {
        if (state == DtlsTransportState.Connected && _dtls is { } dtls)
        {
            _phases.Mark(SetupPhase.DtlsConnected);
            // Raised once, on the handshake thread as it finishes: SCTP sends its INIT from here rather than after
            // another hop through the thread pool (RFC 8261 §5: the association starts once DTLS is up).
            _ = StartUpperLayersAsync(dtls);
        }

        LogDtlsState(_logger, state, _dtls?.FailureReason ?? DtlsFailureReason.None);
        DtlsStateChanged?.Invoke(state);
        UpdateConnectionState();
        if (state == DtlsTransportState.Closed && !_closed)
        {
            // The peer sent close_notify: tear the rest down so both sides end closed.
            _ = Task.Run(async () => await CloseAsync().ConfigureAwait(false));
        }
    }

    private void UpdateConnectionState()
    {
        RtcPeerConnectionState next;
        lock (_gate)
        {
            var ice = _ice?.State ?? IceConnectionState.New;
            var dtls = _dtls?.State ?? DtlsTransportState.New;
            next = _closed ? RtcPeerConnectionState.Closed
                : ice == IceConnectionState.Failed || dtls == DtlsTransportState.Failed ? RtcPeerConnectionState.Failed
                : dtls == DtlsTransportState.Closed ? RtcPeerConnectionState.Closed
                : ice == IceConnectionState.Disconnected ? RtcPeerConnectionState.Disconnected
                : ice is IceConnectionState.Connected or IceConnectionState.Completed && dtls == DtlsTransportState.Connected ? RtcPeerConnectionState.Connected
                : ice is IceConnectionState.Checking or IceConnectionState.Connected or IceConnectionState.Completed || dtls == DtlsTransportState.Connecting
                    ? RtcPeerConnectionState.Connecting
                : RtcPeerConnectionState.New;
            if (next == _connectionState || _connectionState == RtcPeerConnectionState.Closed)
            {
                return;
            }

            _connectionState = next;
        }

        LogConnectionState(_logger, next);
        ConnectionStateChanged?.Invoke(next);
    }
}
