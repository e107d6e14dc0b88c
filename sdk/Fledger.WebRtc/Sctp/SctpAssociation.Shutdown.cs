using System.Buffers.Binary;

namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private long _heartbeatNonce;
    private bool _heartbeatOutstanding;

    private void BeginShutdown()
    {
        switch (_state)
        {
            case SctpAssociationState.Established:
                DrainUserQueue();
                SetState(SctpAssociationState.ShutdownPending);
                CheckShutdownProgress();
                break;
            case SctpAssociationState.Closed:
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
                AbortLocal(SctpCloseReason.Shutdown);
                break;
        }
    }

    /// <summary>Sends SHUTDOWN / SHUTDOWN ACK once all outstanding data is acknowledged (RFC 9260 §9.2).</summary>
    private void CheckShutdownProgress()
    {
        if (_inflight.Count > 0 || _pendingMessages.Count > 0 || !_userQueue.IsEmpty)
        {
            return;
        }

        if (_state == SctpAssociationState.ShutdownPending)
        {
            SetState(SctpAssociationState.ShutdownSent);
            SendShutdownChunk();
        }
        else if (_state == SctpAssociationState.ShutdownReceived)
        {
            SetState(SctpAssociationState.ShutdownAckSent);
            SendShutdownChunk();
        }
    }

    private void SendShutdownChunk()
    {
        if (_state == SctpAssociationState.ShutdownSent)
        {
            _control.Enqueue(new ShutdownChunk(_cumTsnIn));
        }
        else
        {
            _control.Enqueue(new ShutdownAckChunk());
        }

        _t2.Start(_rto);
        _heartbeatTimer.Stop();
    }

    private void OnShutdown(ShutdownChunk shutdown)
    {
        switch (_state)
        {
            case SctpAssociationState.Established:
            case SctpAssociationState.ShutdownPending:
                OnSack(new SackChunk(shutdown.CumulativeTsnAck, (uint)Math.Max(0, _peerRwnd), [], []));
                SetState(SctpAssociationState.ShutdownReceived);
                _sackNow = true;
                CheckShutdownProgress();
                break;
            case SctpAssociationState.ShutdownSent:
                SetState(SctpAssociationState.ShutdownAckSent);
                SendShutdownChunk();
                break;
            case SctpAssociationState.ShutdownReceived:
                _sackNow = true;
                break;
        }
    }

    private void OnShutdownAck()
    {
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            SendStandalone(_peerTag, new ShutdownCompleteChunk(false));
            Terminate(SctpCloseReason.Shutdown);
        }
    }

    private void OnT2Expired()
    {
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (++_errorCount > _options.MaxRetransmissions)
        {
            AbortLocal(SctpCloseReason.Timeout);
            return;
        }

        _rto = Min(_rto * 2, _options.MaxRto);
        SendShutdownChunk();
    }

    /// <summary>Idle heartbeat (RFC 9260 §8.3): an unanswered one counts as an error.</summary>
    private void OnHeartbeatTimer()
    {
        if (_state != SctpAssociationState.Established)
        {
            return;
        }

        if (_heartbeatOutstanding && ++_errorCount > _options.MaxRetransmissions)
        {
            LogTooManyRetransmissions();
            AbortLocal(SctpCloseReason.Timeout);
            return;
        }

        var info = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(info, Now);
        BinaryPrimitives.WriteInt64BigEndian(info.AsSpan(8), ++_heartbeatNonce ^ _myTag);
        _control.Enqueue(new HeartbeatChunk(info));
        _heartbeatOutstanding = true;
        _heartbeatTimer.Start(_options.HeartbeatInterval + _rto);
    }

    private void OnHeartbeatAck(HeartbeatAckChunk ack)
    {
        var info = ack.Info.Span;
        if (info.Length != 16 || BinaryPrimitives.ReadInt64BigEndian(info[8..]) != (_heartbeatNonce ^ _myTag))
        {
            return;
        }

        _heartbeatOutstanding = false;
        _errorCount = 0;
        var sentAt = BinaryPrimitives.ReadInt64BigEndian(info);
        var rtt = _time.GetElapsedTime(sentAt, Now);
        if (rtt >= TimeSpan.Zero)
        {
            UpdateRto(rtt);
        }
    }
}
