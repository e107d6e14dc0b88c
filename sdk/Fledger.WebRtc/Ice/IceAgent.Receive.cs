using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Stun;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Ice;

public sealed partial class IceAgent
{
    /// <summary>Most dedicated receive threads in the process; agents beyond it receive with the asynchronous loop.</summary>
    internal const int MaxReceiveThreads = 64;

    private static int s_receiveThreads;

    /// <summary>Dedicated receive threads running in the process now.</summary>
    internal static int ReceiveThreads => Volatile.Read(ref s_receiveThreads);

    /// <summary>
    /// Starts receiving on <paramref name="socket"/>: on a dedicated thread that blocks in <c>recvfrom</c> (the kernel
    /// wakes it directly: no epoll thread and no thread-pool hop per datagram, and an idle connection costs no CPU),
    /// or, past <see cref="MaxReceiveThreads"/> agents in the process, on an asynchronous loop on the thread pool.
    /// </summary>
    /// <returns>Completes when the loop has ended.</returns>
    private Task StartReceiveLoop(Socket socket)
    {
        var token = _cts.Token;
        if (Interlocked.Increment(ref s_receiveThreads) > MaxReceiveThreads)
        {
            Interlocked.Decrement(ref s_receiveThreads);
            return WebRtcDiagnostics.RunLoop(() => ReceiveLoopAsync(socket, token));
        }

        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WebRtcDiagnostics.LoopStarted();
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(socket, token);
            }
            finally
            {
                Interlocked.Decrement(ref s_receiveThreads);
                WebRtcDiagnostics.LoopEnded();
                ended.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "ICE receive",
        };
        thread.Start();
        return ended.Task;
    }

    /// <summary>The blocking receive loop; the socket is never used asynchronously, so each receive is one syscall.</summary>
    private void ReceiveLoop(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            bool behind;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, from);

                // One FIONREAD ioctl: is the next datagram already waiting (this loop is behind the sender)?
                behind = socket.Available > 0;
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
            {
                // Dispose interrupts the blocking receive with a SocketException (cancelled: the loop ends quietly).
                if (KeepReceivingAfter(ex, cancellationToken))
                {
                    continue;
                }

                return;
            }

            DispatchReceived(buffer.AsSpan(0, received), from, behind);
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(2048, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            bool behind;
            try
            {
                // Completed at once: the datagram was already queued in the socket, so this loop is behind the sender.
                var receive = socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken);
                behind = receive.IsCompleted;
                received = await receive;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (KeepReceivingAfter(ex, cancellationToken))
                {
                    continue;
                }

                return;
            }

            DispatchReceived(buffer.AsSpan(0, received), from, behind);
        }
    }

    /// <summary>
    /// What a receive loop does after a failed receive: stop quietly when the agent closes (disposed socket, cancelled),
    /// go on after a transient error (an ICMP error, an oversized datagram; logged), stop after any other (logged).
    /// </summary>
    private bool KeepReceivingAfter(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not SocketException ex || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var error = ex.SocketErrorCode;
        if (error is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            LogReceiveError(error);
            return true;
        }

        LogReceiveLoopStopped(error);
        return false;
    }

    private void DispatchReceived(ReadOnlySpan<byte> datagram, SocketAddress from, bool behind)
    {
        try
        {
            _dispatchThread = Environment.CurrentManagedThreadId;
            ReceiveBacklog.Set(behind);
            Dispatch(datagram, from);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A throwing transport receiver (or a bug) must not end the agent's only receive loop.
            LogDispatchFailed(ex);
        }
        finally
        {
            ReceiveBacklog.Set(false);
            _dispatchThread = 0;
        }
    }

    /// <summary>RFC 7983 demultiplexing by first byte: 0–3 STUN, 20–63 DTLS, others dropped.</summary>
    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (datagram.IsEmpty)
        {
            Interlocked.Increment(ref _transport.Dropped);
            return;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            HandleStun(datagram, from);
        }
        else if (first is >= 20 and <= 63)
        {
            _transport.Deliver(datagram, from);
        }
        else
        {
            Interlocked.Increment(ref _transport.Dropped);
        }
    }

    private void HandleStun(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        var error = StunMessage.TryParse(datagram, out var message);
        if (message is null)
        {
            Interlocked.Increment(ref _transport.Dropped);
            LogStunDropped(error);
            return;
        }

        var template = from.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var source = Normalize((IPEndPoint)new IPEndPoint(template, 0).Create(from));
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = Now;
            switch (message.Class)
            {
                case StunClass.Request when message.Method == StunMethod.Binding:
                    HandleRequest(datagram, message, error, source, from, now);
                    break;
                case StunClass.SuccessResponse or StunClass.ErrorResponse:
                    HandleResponse(datagram, message, source, now);
                    Pump(now, paced: false);
                    break;
                default:
                    // Binding indications (keepalives) and other methods: nothing to do.
                    break;
            }
        }

        FlushEvents();
    }

    /// <summary>Answers a Binding request and feeds the checklist (RFC 8445 §7.3).</summary>
    private void HandleRequest(
        ReadOnlySpan<byte> datagram, StunMessage request, StunParseError error, IPEndPoint source, SocketAddress from, long now)
    {
        Interlocked.Increment(ref _requestsReceived);
        if (request.Username is not { } username || !request.HasIntegrity)
        {
            Reject(request, from, 400, "Bad Request", signed: false);
            return;
        }

        var colon = username.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !username.AsSpan(0, colon).SequenceEqual(LocalUfrag) || !request.VerifyIntegrity(datagram, _localKey))
        {
            Reject(request, from, 401, "Unauthorized", signed: false);
            return;
        }

        if (error == StunParseError.UnknownComprehensionRequired)
        {
            Reject(request, from, 420, "Unknown Attribute", signed: true);
            return;
        }

        if (_remoteUfrag is not null && !username.AsSpan(colon + 1).SequenceEqual(_remoteUfrag))
        {
            Reject(request, from, 401, "Unauthorized", signed: false);
            return;
        }

        // RFC 8445 §7.3.1.1: repair role conflicts.
        if (_role == IceRole.Controlling && request.IceControlling is { } theirs)
        {
            if (_tieBreaker >= theirs)
            {
                LogRoleConflict("controlling", "kept, answered 487");
                Reject(request, from, 487, "Role Conflict", signed: true);
                return;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && request.IceControlled is { } theirsControlled)
        {
            if (_tieBreaker >= theirsControlled)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                LogRoleConflict("controlled", "kept, answered 487");
                Reject(request, from, 487, "Role Conflict", signed: true);
                return;
            }
        }

        var response = new StunWriter(_sendBuffer, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        response.AddXorMappedAddress(source.Address, source.Port);
        response.AddMessageIntegrity(_localKey);
        response.AddFingerprint();
        SendRaw(response.Written, from);

        if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            return;
        }

        var pair = FindPair(source);
        if (pair is null)
        {
            if (_pairs.Count >= _options.MaxRemoteCandidates)
            {
                return;
            }

            // RFC 8445 §7.3.1.3: learn a peer-reflexive remote candidate.
            var prflx = new IceCandidate
            {
                Foundation = "prflx" + (_pairs.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Priority = request.Priority is { } p and > 0 and <= int.MaxValue ? p : IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 0),
                Address = source.Address.ToString(),
                Port = source.Port,
                Type = IceCandidateType.PeerReflexive,
            };
            pair = AddPair(prflx, source);
            LogPeerReflexiveLearned();
        }

        if (!pair.Authenticated)
        {
            pair.Authenticated = true;
            _lastAuthenticated = pair;
            _transport.AddPeer(pair.RemoteAddress);
            UpdateSendTarget();
        }

        if (request.UseCandidate && _role == IceRole.Controlled)
        {
            if (pair.State == IcePairState.Succeeded)
            {
                Nominate(pair);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }

        // RFC 8445 §7.3.1.4: triggered check.
        if (pair.State is IcePairState.Waiting or IcePairState.Failed)
        {
            pair.State = IcePairState.Waiting;
            EnqueueTriggered(pair, useCandidate: false);
        }

        StartCheckingIfReady(now);
    }

    private void Reject(StunMessage request, SocketAddress from, int code, string reason, bool signed)
    {
        Interlocked.Increment(ref _requestsRejected);
        LogRequestRejected(code);
        var response = new StunWriter(_sendBuffer, StunClass.ErrorResponse, StunMethod.Binding, request.TransactionId);
        response.AddErrorCode(code, reason);
        if (code == 420)
        {
            Span<ushort> unknown = stackalloc ushort[request.UnknownRequiredAttributes.Count];
            for (var i = 0; i < unknown.Length; i++)
            {
                unknown[i] = request.UnknownRequiredAttributes[i];
            }

            response.AddUnknownAttributes(unknown);
        }

        if (signed)
        {
            response.AddMessageIntegrity(_localKey);
        }

        response.AddFingerprint();
        SendRaw(response.Written, from);
    }

    /// <summary>Matches a response to its transaction (RFC 8445 §7.2.5).</summary>
    private void HandleResponse(ReadOnlySpan<byte> datagram, StunMessage response, IPEndPoint source, long now)
    {
        if (!_transactions.TryGetValue(response.TransactionId, out var transaction))
        {
            return;
        }

        if (transaction.Kind == IceTransactionKind.ServerBinding)
        {
            if (!transaction.Server!.Equals(source))
            {
                return;
            }

            _transactions.Remove(transaction.Id);
            OnServerBindingResponse(transaction, response);
            return;
        }

        if (_remoteKey is null || !response.VerifyIntegrity(datagram, _remoteKey))
        {
            // Unauthenticated responses are ignored; the transaction times out (RFC 8489 §9.1.4).
            LogResponseUnauthenticated();
            return;
        }

        _transactions.Remove(transaction.Id);
        var pair = transaction.Pair!;
        if (pair.InFlight == transaction)
        {
            pair.InFlight = null;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            if (response.ErrorCode == 487)
            {
                // RFC 8445 §7.2.5.1: switch to the other role "if it has not already done so", then retry.
                if (transaction.RoleWhenSent == _role)
                {
                    LogRoleConflict(_role == IceRole.Controlling ? "controlling" : "controlled", "switched after 487");
                    SwitchRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                }

                if (pair.State != IcePairState.Succeeded)
                {
                    pair.State = IcePairState.Waiting;
                }

                EnqueueTriggered(pair, useCandidate: transaction.UseCandidate && _role == IceRole.Controlling);
            }
            else if (transaction.Kind == IceTransactionKind.Check && pair.State != IcePairState.Succeeded)
            {
                pair.State = IcePairState.Failed;
                LogPairFailed(pair.RemoteEndPoint, response.ErrorCode ?? 0);
            }

            return;
        }

        // RFC 8445 §7.2.5.2.1: the response must come from where the request went.
        if (!pair.RemoteEndPoint.Equals(source))
        {
            if (transaction.Kind == IceTransactionKind.Check && pair.State != IcePairState.Succeeded)
            {
                pair.State = IcePairState.Failed;
            }

            return;
        }

        pair.RoundTripTime = TimeSpan.FromMilliseconds(now - transaction.LastSentAt);
        if (response.XorMappedAddress is { } mapped)
        {
            pair.LocalMapped = mapped;
            pair.LocalType = ClassifyLocal(mapped);
        }

        if (pair == (_selected ?? _firstValid))
        {
            _lastConsentAt = now;
            if (_state == IceConnectionState.Disconnected)
            {
                SetState(_selected is { Nominated: true } ? IceConnectionState.Completed : IceConnectionState.Connected);
            }
        }

        if (transaction.Kind == IceTransactionKind.Consent)
        {
            return;
        }

        if (pair.State != IcePairState.Succeeded)
        {
            pair.State = IcePairState.Succeeded;
            LogPairSucceeded(pair.RemoteEndPoint, (long)pair.RoundTripTime.Value.TotalMilliseconds);
            _transport.AddPeer(pair.RemoteAddress);
            if (_firstValid is null)
            {
                _firstValid = pair;
                _firstValidAt = now;
                _lastConsentAt = now;
                _nextConsentAt = now + ConsentDelay();
                UpdateSendTarget();
                if (_state is IceConnectionState.New or IceConnectionState.Checking)
                {
                    SetState(IceConnectionState.Connected);
                }
            }
        }

        if ((transaction.UseCandidate && _role == IceRole.Controlling) ||
            (pair.NominateOnSuccess && _role == IceRole.Controlled))
        {
            Nominate(pair);
        }
    }

    private IceCandidateType ClassifyLocal(IPEndPoint mapped)
    {
        var address = mapped.Address.ToString();
        foreach (var candidate in _localCandidates)
        {
            if (candidate.Port == mapped.Port && candidate.Address == address)
            {
                return candidate.Type;
            }
        }

        return IceCandidateType.PeerReflexive;
    }
}
