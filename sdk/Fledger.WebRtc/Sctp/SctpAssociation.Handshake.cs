using System.Buffers;

namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private uint _myTag;
    private uint _peerTag;
    private uint _myInitialTsn;
    private bool _peerForwardTsn;
    private bool _peerReConfig;
    private int _initRetransmits;
    private SctpChunk? _pendingInit;
    private CookieEchoChunk? _pendingCookieEcho;
    private bool _bundleWithCookieEcho;

    /// <summary>Demultiplexes one packet by chunk type, checking verification tags (RFC 9260 §8.5).</summary>
    private void OnPacket(ReadOnlySpan<byte> packet)
    {
        _packetsReceived++;
        var error = SctpPacket.TryParse(packet, out var header, _parsed, verifyChecksum: true, pooledData: true);
        if (error != SctpParseError.None)
        {
            LogBadPacket(error);
            return;
        }

        if (header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort || _parsed.Count == 0
            || CloseReason is not null)
        {
            return;
        }

        var first = _parsed[0];
        switch (first)
        {
            case InitChunk init:
                if (header.VerificationTag == 0)
                {
                    OnInit(init);
                }

                return;
            case AbortChunk abort:
                if (TagMatches(header.VerificationTag, abort.TagReflected))
                {
                    LogPeerAbort(abort.Causes.Count > 0 ? abort.Causes[0].Code : (ushort)0);
                    Terminate(SctpCloseReason.PeerAbort);
                }

                return;
            case ShutdownCompleteChunk complete:
                if (TagMatches(header.VerificationTag, complete.TagReflected) && _state == SctpAssociationState.ShutdownAckSent)
                {
                    Terminate(SctpCloseReason.Shutdown);
                }

                return;
            case CookieEchoChunk:
                break;
            default:
                if (_myTag == 0 || header.VerificationTag != _myTag)
                {
                    return;
                }

                break;
        }

        var hadData = false;
        foreach (var chunk in _parsed)
        {
            if (CloseReason is not null)
            {
                return;
            }

            switch (chunk)
            {
                case CookieEchoChunk echo:
                    if (!OnCookieEcho(echo, header.VerificationTag))
                    {
                        return;
                    }

                    break;
                case DataChunk data:
                    hadData |= OnData(data);
                    break;
                case SackChunk sack:
                    OnSack(sack);
                    break;
                case InitAckChunk initAck:
                    OnInitAck(initAck);
                    break;
                case CookieAckChunk:
                    if (_state == SctpAssociationState.CookieEchoed)
                    {
                        _t1.Stop();
                        EnterEstablished();
                    }

                    break;
                case HeartbeatChunk heartbeat:
                    _control.Enqueue(new HeartbeatAckChunk(heartbeat.Info));
                    break;
                case HeartbeatAckChunk heartbeatAck:
                    OnHeartbeatAck(heartbeatAck);
                    break;
                case ForwardTsnChunk forward:
                    OnForwardTsn(forward);
                    break;
                case ReConfigChunk reconfig:
                    OnReConfig(reconfig);
                    break;
                case ShutdownChunk shutdown:
                    OnShutdown(shutdown);
                    break;
                case ShutdownAckChunk:
                    OnShutdownAck();
                    break;
                case ErrorChunk err:
                    LogPeerError(err.Causes.Count > 0 ? err.Causes[0].Code : (ushort)0);
                    break;
                case UnknownChunk unknown:
                    LogUnknownChunk(unknown.RawType);
                    break;
            }
        }

        if (hadData)
        {
            AfterDataPacket();
        }
    }

    private bool TagMatches(uint tag, bool reflected) =>
        reflected ? _peerTag != 0 && tag == _peerTag : _myTag != 0 && tag == _myTag;

    private uint NewTag()
    {
        uint tag;
        do
        {
            tag = (uint)_random.NextInt64(1, uint.MaxValue);
        }
        while (tag == 0);
        return tag;
    }

    private void BeginConnect()
    {
        if (_state != SctpAssociationState.Closed || CloseReason is not null || _myTag != 0)
        {
            return;
        }

        _myTag = NewTag();
        _myInitialTsn = (uint)_random.NextInt64(0, uint.MaxValue);
        InitializeLocalTsn(_myInitialTsn);
        _pendingInit = new InitChunk(_myTag, (uint)_options.ReceiveWindow, _options.Streams, _options.Streams, _myInitialTsn, true, true);
        SetState(SctpAssociationState.CookieWait);
        SendStandalone(0, _pendingInit);
        _t1.Start(_rto);
    }

    /// <summary>INIT: answer with INIT ACK and a cookie, keeping no state (RFC 9260 §5.1, §5.2.1–5.2.2).</summary>
    private void OnInit(InitChunk init)
    {
        uint localTag, localTsn;
        switch (_state)
        {
            case SctpAssociationState.Closed when _myTag == 0:
                localTag = NewTag();
                localTsn = (uint)_random.NextInt64(0, uint.MaxValue);
                break;
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
            case SctpAssociationState.Established:
                localTag = _myTag;
                localTsn = _myInitialTsn;
                break;
            default:
                return;
        }

        var cookie = new StateCookie(
            localTag, init.InitiateTag, localTsn, init.InitialTsn, init.AdvertisedReceiverWindow,
            init.OutboundStreams, init.InboundStreams, init.ForwardTsnSupported, init.ReConfigSupported,
            _time.GetUtcNow().ToUnixTimeMilliseconds()).Seal(_cookieSecret);
        var ack = new InitAckChunk(localTag, (uint)_options.ReceiveWindow, _options.Streams, _options.Streams, localTsn, true, true, cookie);
        SendStandalone(init.InitiateTag, ack);
    }

    /// <summary>INIT ACK in COOKIE-WAIT: echo the cookie (RFC 9260 §5.1 C).</summary>
    private void OnInitAck(InitAckChunk ack)
    {
        if (_state != SctpAssociationState.CookieWait)
        {
            return;
        }

        _peerTag = ack.InitiateTag;
        AdoptPeer(ack.InitialTsn, ack.AdvertisedReceiverWindow, ack.ForwardTsnSupported, ack.ReConfigSupported);
        _t1.Stop();
        _initRetransmits = 0;
        _pendingCookieEcho = new CookieEchoChunk(ack.StateCookie);
        _bundleWithCookieEcho = true;
        SetState(SctpAssociationState.CookieEchoed);
        _control.Enqueue(_pendingCookieEcho);
        _t1.Start(_rto);
    }

    /// <summary>
    /// Puts DATA queued before the association was up (a data channel's DCEP OPEN, typically) into the packet that
    /// starts with the first COOKIE ECHO, which saves the round trip to the COOKIE ACK. RFC 9260 §5.1 D allows it
    /// ("the COOKIE ECHO chunk can be bundled with any pending outbound DATA chunks, but it MUST be the first chunk
    /// in the packet"); only what fits that one packet and the congestion window goes, and since no other packet may
    /// follow until the COOKIE ACK, a lost bundle is left to T3 (retransmission starts once established).
    /// </summary>
    private void BundleDataWithCookieEcho()
    {
        _bundleWithCookieEcho = false;
        if (_tx is null || _txLength <= SctpPacket.CommonHeaderSize || _tx[SctpPacket.CommonHeaderSize] != (byte)SctpChunkType.CookieEcho)
        {
            return;
        }

        while (_userQueue.TryDequeue(out var message))
        {
            _pendingMessages.Enqueue(message);
        }

        var now = Now;
        var sent = false;
        while (true)
        {
            var size = PeekNextChunkSize(now);
            if (size == 0 || _txLength + SctpWire.Pad4(size) > _mtu || _flightSize + size > _cwnd || size > _peerRwnd)
            {
                break;
            }

            SendNewChunk(now);
            sent = true;
        }

        if (sent)
        {
            _t3.EnsureRunning(_rto);
        }
    }

    /// <summary>COOKIE ECHO: validate MAC and age, then establish (RFC 9260 §5.1.5, §5.2.4 cases B and D).</summary>
    private bool OnCookieEcho(CookieEchoChunk echo, uint verificationTag)
    {
        if (!StateCookie.TryOpen(echo.Cookie.Span, _cookieSecret, out var cookie) || cookie.LocalTag != verificationTag)
        {
            LogBadCookie();
            return false;
        }

        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - cookie.CreatedUnixMs;
        if (age < -1000 || age > _options.CookieLifetime.TotalMilliseconds)
        {
            LogBadCookie();
            return false;
        }

        switch (_state)
        {
            case SctpAssociationState.Closed when _myTag == 0:
                _myTag = cookie.LocalTag;
                _myInitialTsn = cookie.LocalInitialTsn;
                InitializeLocalTsn(_myInitialTsn);
                break;
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
                if (cookie.LocalTag != _myTag)
                {
                    return false;
                }

                _t1.Stop();
                break;
            case SctpAssociationState.Established when cookie.LocalTag == _myTag && cookie.PeerTag == _peerTag:
                _control.Enqueue(new CookieAckChunk());
                return true;
            default:
                return false;
        }

        _peerTag = cookie.PeerTag;
        AdoptPeer(cookie.PeerInitialTsn, cookie.PeerReceiveWindow, cookie.PeerForwardTsn, cookie.PeerReConfig);
        _control.Enqueue(new CookieAckChunk());
        EnterEstablished();
        return true;
    }

    private void AdoptPeer(uint peerInitialTsn, uint peerRwnd, bool forwardTsn, bool reconfig)
    {
        InitializePeerTsn(peerInitialTsn);
        _peerRwnd = (int)Math.Min(peerRwnd, int.MaxValue);
        _peerForwardTsn = forwardTsn;
        _peerReConfig = reconfig;
    }

    private void EnterEstablished()
    {
        _bundleWithCookieEcho = false;
        _initRetransmits = 0;
        _pendingInit = null;
        _pendingCookieEcho = null;
        _cwnd = Math.Min(4 * _mtu, Math.Max(2 * _mtu, 4380));
        _ssthresh = Math.Max(_peerRwnd, 4 * _mtu);
        SetState(SctpAssociationState.Established);
        _heartbeatTimer.Start(_options.HeartbeatInterval);
        _established.TrySetResult();
        DrainUserQueue();
    }

    private void OnT1Expired()
    {
        if (++_initRetransmits > _options.MaxInitRetransmissions)
        {
            Terminate(SctpCloseReason.Timeout);
            return;
        }

        _rto = Min(_rto * 2, _options.MaxRto);
        if (_state == SctpAssociationState.CookieWait && _pendingInit is not null)
        {
            SendStandalone(0, _pendingInit);
        }
        else if (_state == SctpAssociationState.CookieEchoed && _pendingCookieEcho is not null)
        {
            _control.Enqueue(_pendingCookieEcho);
        }
        else
        {
            return;
        }

        _t1.Start(_rto);
    }

    private void AbortLocal(SctpCloseReason reason)
    {
        if (CloseReason is not null)
        {
            return;
        }

        if (_peerTag != 0)
        {
            SendStandalone(_peerTag, new AbortChunk(false, [new SctpErrorCause(SctpErrorCause.UserInitiatedAbort, ReadOnlyMemory<byte>.Empty)]));
        }

        Terminate(reason);
    }

    /// <summary>Builds a one-chunk packet with an explicit verification tag (INIT, INIT ACK, ABORT).</summary>
    private void SendStandalone(uint verificationTag, SctpChunk chunk)
    {
        var length = SctpPacket.CommonHeaderSize + chunk.WireLength;
        if (length > _mtu)
        {
            return;
        }

        var buffer = SctpBufferPool.Packets.Rent(length);
        var written = SctpPacket.Write(buffer, new SctpCommonHeader(_options.LocalPort, _options.RemotePort, verificationTag), [chunk]);
        _outgoing.Add((buffer, written));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
