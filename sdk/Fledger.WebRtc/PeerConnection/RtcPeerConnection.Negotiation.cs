using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    /// <summary>Validates and applies our description; caller holds <c>_gate</c>.</summary>
    private RtcDescriptionError? ApplyLocal(RtcSessionDescription description)
    {
        if (_closed)
        {
            return new RtcDescriptionError(RtcDescriptionErrorCode.Closed, "closed");
        }

        var parseError = SdpSessionDescription.TryParse(description.Sdp, out var parsed);
        if (parseError is not null)
        {
            return new RtcDescriptionError(RtcDescriptionErrorCode.InvalidSdp, "local description does not parse", parseError);
        }

        var app = parsed!.Application;
        if (_ice is null || app.IceUfrag != _ice.LocalUfrag || app.IcePwd != _ice.LocalPassword
            || !app.Fingerprints.Contains(_certificate.Fingerprint))
        {
            return new RtcDescriptionError(RtcDescriptionErrorCode.NotCreatedHere, "credentials or fingerprint differ from ours");
        }

        switch (description.Type)
        {
            case RtcSdpType.Offer when _signalingState is RtcSignalingState.Stable && _remote is null:
                if (app.Setup is not (SdpSetupRole.ActPass or null))
                {
                    return new RtcDescriptionError(RtcDescriptionErrorCode.IncompatibleSetup, "an offer must have a=setup:actpass");
                }

                _signalingState = RtcSignalingState.HaveLocalOffer;
                break;
            case RtcSdpType.Answer when _signalingState is RtcSignalingState.HaveRemoteOffer:
                var complementary = _remote!.Application.Setup switch
                {
                    SdpSetupRole.Active => app.Setup == SdpSetupRole.Passive,
                    SdpSetupRole.Passive => app.Setup == SdpSetupRole.Active,
                    _ => app.Setup is SdpSetupRole.Active or SdpSetupRole.Passive,
                };
                if (!complementary || app.Setup is null)
                {
                    return new RtcDescriptionError(RtcDescriptionErrorCode.IncompatibleSetup, "answer setup must complement the offer's");
                }

                _dtlsRole = SessionNegotiation.RoleOf(app.Setup.Value);
                _signalingState = RtcSignalingState.Stable;
                break;
            default:
                return new RtcDescriptionError(RtcDescriptionErrorCode.WrongState, $"cannot set local {description.Type} in {_signalingState}");
        }

        _local = parsed;
        _localType = description.Type;
        _sessionVersion++;
        return null;
    }

    /// <summary>Validates and applies the peer's description; caller holds <c>_gate</c>.</summary>
    private RtcDescriptionError? ApplyRemote(RtcSessionDescription description)
    {
        if (_closed)
        {
            return new RtcDescriptionError(RtcDescriptionErrorCode.Closed, "closed");
        }

        var parseError = SdpSessionDescription.TryParse(description.Sdp, out var parsed);
        if (parseError is not null)
        {
            return new RtcDescriptionError(RtcDescriptionErrorCode.InvalidSdp, "remote description does not parse", parseError);
        }

        var app = parsed!.Application;
        switch (description.Type)
        {
            case RtcSdpType.Offer when _signalingState is RtcSignalingState.Stable && _local is null && _remote is null:
                var setupError = SessionNegotiation.AnswerSetup(app.Setup, out _);
                if (setupError is not null)
                {
                    return setupError;
                }

                EnsureIce(IceRole.Controlled);
                _signalingState = RtcSignalingState.HaveRemoteOffer;
                break;
            case RtcSdpType.Answer when _signalingState is RtcSignalingState.HaveLocalOffer:
                var roleError = SessionNegotiation.OffererRole(app.Setup, out var role);
                if (roleError is not null)
                {
                    return roleError;
                }

                _dtlsRole = role;
                _signalingState = RtcSignalingState.Stable;
                break;
            default:
                return new RtcDescriptionError(RtcDescriptionErrorCode.WrongState, $"cannot set remote {description.Type} in {_signalingState}");
        }

        _remote = parsed;
        _remoteType = description.Type;
        return null;
    }

    /// <summary>Hands the remote ICE credentials and SDP candidates to the agent (outside <c>_gate</c>: it raises events).</summary>
    private void ApplyRemoteIce()
    {
        IceAgent ice;
        Sdp.SdpApplicationMedia app;
        lock (_gate)
        {
            if (_ice is null || _remote is null)
            {
                return;
            }

            ice = _ice;
            app = _remote.Application;
        }

        ice.SetRemoteCredentials(app.IceUfrag, app.IcePwd);
        foreach (var line in app.Candidates)
        {
            if (Ice.IceCandidate.TryParse(line, out var candidate) == IceCandidateParseError.None)
            {
                ice.AddRemoteCandidate(candidate!);
            }
        }

        if (app.EndOfCandidates)
        {
            ice.SetRemoteEndOfCandidates();
        }
    }

    /// <summary>Creates the ICE agent on first use; caller holds <c>_gate</c>.</summary>
    private IceAgent EnsureIce(IceRole role)
    {
        if (_ice is not null)
        {
            return _ice;
        }

        var ice = new IceAgent(IceOptionsFromConfig(), role);
        ice.LocalCandidateGathered += OnLocalCandidate;
        ice.GatheringCompleted += OnGatheringCompleted;
        ice.StateChanged += OnIceStateChanged;
        if (ice.Transport is IceTransport transport)
        {
            transport.BufferedBeforeReceiver += OnDatagramBeforeDtls;
        }

        _ice = ice;
        return ice;
    }

    private IceOptions IceOptionsFromConfig()
    {
        var filter = _config.InterfaceFilter;
        if (_config.LoopbackOnly)
        {
            filter = (_, address) => System.Net.IPAddress.IsLoopback(address);
        }

        return new IceOptions
        {
            StunServers = _config.IceServers.Where(s => s.IsStun).Select(s => s.HostAndPort).ToArray(),
            TurnServers = _config.IceServers.Where(s => s.IsTurn)
                .Select(s => new IceTurnServer(s.HostAndPort, s.Username ?? string.Empty, s.Credential ?? string.Empty)).ToArray(),
            PortMin = _config.PortMin,
            PortMax = _config.PortMax,
            InterfaceFilter = filter,
            IncludeLoopback = _config.IncludeLoopback || _config.LoopbackOnly,
            TimeProvider = _config.TimeProvider,
            LoggerFactory = _config.LoggerFactory,
            RandomFill = _config.RandomFill,
            ConnectTimeout = _config.IceConnectTimeout,
            DropOutgoingDatagram = _config.DropOutgoingDatagram,
        };
    }

    private async Task StartGatheringOnceAsync(IceAgent ice, CancellationToken cancellationToken)
    {
        if (ice.LocalEndPoint is not null)
        {
            return;
        }

        try
        {
            await ice.StartGatheringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already started by a concurrent call: gathering runs once per connection.
        }
    }

    private void FlushPendingCandidates()
    {
        RtcIceCandidateInit[] pending;
        lock (_gate)
        {
            pending = [.. _pendingRemoteCandidates];
            _pendingRemoteCandidates.Clear();
        }

        foreach (var candidate in pending)
        {
            _ = AddIceCandidateAsync(candidate);
        }
    }

    private void OnLocalCandidate(object? sender, Ice.IceCandidate candidate)
    {
        var (mid, index) = LocalMid();
        IceCandidate?.Invoke(new RtcIceCandidateInit(candidate.ToString(), mid, index));
    }

    private void OnGatheringCompleted(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            _gatheringComplete = true;
        }

        var (mid, index) = LocalMid();
        IceCandidate?.Invoke(new RtcIceCandidateInit(string.Empty, mid, index));
    }

    private (string? Mid, int Index) LocalMid()
    {
        lock (_gate)
        {
            var local = _local ?? _remote;
            return local is null ? (SessionNegotiation.OfferMid, 0) : (local.Application.Mid, local.ApplicationIndex);
        }
    }

    private void RaiseSignalingState()
    {
        var state = SignalingState;
        SignalingStateChanged?.Invoke(state);
    }
}
