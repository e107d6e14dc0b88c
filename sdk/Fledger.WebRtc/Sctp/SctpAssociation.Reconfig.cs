namespace Fledger.WebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private readonly HashSet<ushort> _resetQueued = [];
    private OutgoingSsnResetRequest? _resetOutstanding;
    private OutgoingSsnResetRequest? _peerResetDeferred;
    private uint _reconfigRequestSeq;
    private uint _peerReconfigSeqExpected;
    private ReConfigResponse? _lastResponse;

    /// <summary>Queues streams for an Outgoing SSN Reset Request (RFC 6525 §5.1.2).</summary>
    private void QueueStreamReset(ushort[] streams)
    {
        if (_state != SctpAssociationState.Established)
        {
            return;
        }

        DrainUserQueue();
        foreach (var s in streams)
        {
            _resetQueued.Add(s);
        }

        TrySendStreamReset();
    }

    /// <summary>Sends one request for every queued stream whose data already has TSNs; one request outstanding at a time.</summary>
    private void TrySendStreamReset()
    {
        if (_resetOutstanding is not null || _resetQueued.Count == 0 || _state != SctpAssociationState.Established)
        {
            return;
        }

        var ready = _resetQueued.Where(s => !_pendingMessages.Any(m => m.StreamId == s && !m.Abandoned)).ToArray();
        if (ready.Length == 0)
        {
            return;
        }

        if (!_peerReConfig)
        {
            foreach (var s in ready)
            {
                _resetQueued.Remove(s);
            }

            Raise(OutgoingStreamsReset, ready);
            return;
        }

        _resetOutstanding = new OutgoingSsnResetRequest(_reconfigRequestSeq, _peerReconfigSeqExpected - 1, _nextTsn - 1, ready);
        _control.Enqueue(new ReConfigChunk([_resetOutstanding]));
        _reconfigTimer.Start(_rto);
    }

    private void OnReconfigTimer()
    {
        if (_resetOutstanding is null || _state != SctpAssociationState.Established)
        {
            return;
        }

        if (++_errorCount > _options.MaxRetransmissions)
        {
            AbortLocal(SctpCloseReason.Timeout);
            return;
        }

        _control.Enqueue(new ReConfigChunk([_resetOutstanding]));
        _reconfigTimer.Start(_rto);
    }

    private void OnReConfig(ReConfigChunk chunk)
    {
        foreach (var parameter in chunk.Parameters)
        {
            switch (parameter)
            {
                case OutgoingSsnResetRequest request:
                    OnPeerOutgoingReset(request);
                    break;
                case IncomingSsnResetRequest incoming:
                    OnPeerIncomingReset(incoming);
                    break;
                case ReConfigResponse response:
                    OnReconfigResponse(response);
                    break;
                case UnsupportedReConfigParameter unsupported:
                    if (unsupported.Value.Length >= 4)
                    {
                        Respond(SctpWire.ReadUInt32(unsupported.Value.Span), ReConfigResult.Denied, advance: true);
                    }

                    break;
            }
        }
    }

    /// <summary>The peer resets its outgoing streams: once all its data up to the last TSN arrived, reset our SSNs (RFC 6525 §5.2.2).</summary>
    private void OnPeerOutgoingReset(OutgoingSsnResetRequest request)
    {
        if (request.RequestSequence == _peerReconfigSeqExpected - 1 && _lastResponse is not null)
        {
            _control.Enqueue(new ReConfigChunk([_lastResponse]));
            return;
        }

        if (request.RequestSequence != _peerReconfigSeqExpected)
        {
            _control.Enqueue(new ReConfigChunk([new ReConfigResponse(request.RequestSequence, ReConfigResult.ErrorBadSequenceNumber)]));
            return;
        }

        _peerResetDeferred = request;
        if (!TryPerformDeferredReset())
        {
            _control.Enqueue(new ReConfigChunk([new ReConfigResponse(request.RequestSequence, ReConfigResult.InProgress)]));
        }
    }

    private bool TryPerformDeferredReset()
    {
        if (_peerResetDeferred is not { } request || SctpWire.TsnLess(_cumTsnIn, request.SenderLastTsn))
        {
            return false;
        }

        _peerResetDeferred = null;
        foreach (var s in request.Streams)
        {
            if (_inStreams.Remove(s, out var stream))
            {
                foreach (var waiting in stream.Waiting.Values)
                {
                    _rxBuffered -= waiting?.Data.Length ?? 0;
                }
            }
        }

        Respond(request.RequestSequence, ReConfigResult.SuccessPerformed, advance: true);
        Raise(IncomingStreamsReset, request.Streams);
        return true;
    }

    /// <summary>The peer asks us to reset our outgoing streams (RFC 6525 §5.2.3): we queue our own outgoing reset.</summary>
    private void OnPeerIncomingReset(IncomingSsnResetRequest request)
    {
        if (request.RequestSequence == _peerReconfigSeqExpected - 1 && _lastResponse is not null)
        {
            _control.Enqueue(new ReConfigChunk([_lastResponse]));
            return;
        }

        if (request.RequestSequence != _peerReconfigSeqExpected)
        {
            return;
        }

        Respond(request.RequestSequence, ReConfigResult.SuccessPerformed, advance: true);
        QueueStreamReset([.. request.Streams]);
    }

    private void Respond(uint sequence, ReConfigResult result, bool advance)
    {
        _lastResponse = new ReConfigResponse(sequence, result);
        if (advance && sequence == _peerReconfigSeqExpected)
        {
            _peerReconfigSeqExpected++;
        }

        _control.Enqueue(new ReConfigChunk([_lastResponse]));
    }

    private void OnReconfigResponse(ReConfigResponse response)
    {
        if (_resetOutstanding is not { } request || response.ResponseSequence != request.RequestSequence)
        {
            return;
        }

        if (response.Result == ReConfigResult.InProgress)
        {
            return;
        }

        _reconfigTimer.Stop();
        _resetOutstanding = null;
        _reconfigRequestSeq++;
        _errorCount = 0;
        foreach (var s in request.Streams)
        {
            _resetQueued.Remove(s);
            _nextSsn.Remove(s);
        }

        if (response.Result is not (ReConfigResult.SuccessPerformed or ReConfigResult.SuccessNothingToDo))
        {
            LogResetRefused(response.Result);
        }

        Raise(OutgoingStreamsReset, request.Streams);
        TrySendStreamReset();
    }
}
