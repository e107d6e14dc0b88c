using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

public sealed partial class WebRtcHandler
{
    private async ValueTask OnSetupAsync(NodeId remote, PeerSetup setup, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (remote == _self)
        {
            return;
        }

        switch (setup)
        {
            case PeerSetup.Offer offer:
                await OnOfferAsync(remote, offer, output, cancellationToken);
                break;
            case PeerSetup.Answer answer:
                await OnAnswerAsync(remote, answer, output, cancellationToken);
                break;
            case PeerSetup.Candidate candidate:
                await OnRemoteCandidateAsync(remote, candidate, output, cancellationToken);
                break;
        }
    }

    private async ValueTask OnOfferAsync(NodeId remote, PeerSetup.Offer offer, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (offer.Sdp.Length > _options.MaxSdpLength)
        {
            output.Emit(new WebRtcOut.Error(remote, "offer too large"));
            return;
        }

        if (_connections.TryGetValue(remote, out var connection))
        {
            var offering = connection.Role == WebRtcRole.Offerer && !connection.RemoteDescriptionSet && !connection.IsConnected;
            if (offering && _self.CompareTo(remote) < 0)
            {
                // Glare, and we keep our offer: the remote drops its own and answers ours.
                Log.GlareKept(_logger, remote);
                connection.DiscardRemoteCandidates = true;
                connection.PendingRemoteCandidates.Clear();
                return;
            }

            if (offering)
            {
                // Glare, and we yield: replace our offering peer by an answering one; queued sends stay.
                Log.GlareYielded(_logger, remote);
                await DisposePeerAsync(connection.Peer, remote);
                Reset(connection, WebRtcRole.Answerer);
            }
            else
            {
                // A new offer on an existing connection: the remote restarted. Start over.
                await CloseAsync(connection, "replaced by a new offer", output);
                connection = TryCreate(remote, WebRtcRole.Answerer, output);
            }
        }
        else
        {
            connection = TryCreate(remote, WebRtcRole.Answerer, output);
        }

        if (connection is null)
        {
            return;
        }

        string answer;
        try
        {
            using var timeout = OperationToken(cancellationToken);
            answer = await connection.Peer.AcceptOfferAsync(offer.Sdp, timeout.Token);
        }
        catch (Exception exception)
        {
            Log.OperationFailed(_logger, exception, remote, "accept offer");
            await CloseAsync(connection, "bad offer", output);
            return;
        }

        connection.RemoteDescriptionSet = true;
        SendLocalDescription(connection, new PeerSetup.Answer(answer), output);
        await ApplyPendingCandidatesAsync(connection, cancellationToken);
    }

    private void Reset(WebRtcConnection connection, WebRtcRole role)
    {
        var generation = Interlocked.Increment(ref s_generation);
        connection.Generation = generation;
        connection.Role = role;
        connection.RemoteDescriptionSet = false;
        connection.LocalDescriptionSent = false;
        connection.DiscardRemoteCandidates = false;
        connection.PendingLocalCandidates.Clear();
        connection.PendingRemoteCandidates.Clear();
        connection.Peer = _factory.Create(connection.Remote, new PeerEventSink(_broker, connection.Remote, generation));
        StartConnectTimer(connection);
        ReleaseIfDisposed(connection);
    }

    private async ValueTask OnAnswerAsync(NodeId remote, PeerSetup.Answer answer, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(remote, out var connection)
            || connection.Role != WebRtcRole.Offerer
            || connection.RemoteDescriptionSet
            || !connection.LocalDescriptionSent)
        {
            Log.Unexpected(_logger, remote, "answer");
            return;
        }

        if (answer.Sdp.Length > _options.MaxSdpLength)
        {
            await CloseAsync(connection, "answer too large", output);
            return;
        }

        try
        {
            using var timeout = OperationToken(cancellationToken);
            await connection.Peer.AcceptAnswerAsync(answer.Sdp, timeout.Token);
        }
        catch (Exception exception)
        {
            Log.OperationFailed(_logger, exception, remote, "accept answer");
            await CloseAsync(connection, "bad answer", output);
            return;
        }

        connection.RemoteDescriptionSet = true;
        connection.DiscardRemoteCandidates = false;
        await ApplyPendingCandidatesAsync(connection, cancellationToken);
    }

    private async ValueTask OnRemoteCandidateAsync(
        NodeId remote, PeerSetup.Candidate candidate, IBrokerOutput<WebRtcOut> output, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(remote, out var connection) || connection.DiscardRemoteCandidates)
        {
            Log.Unexpected(_logger, remote, "candidate");
            return;
        }

        if (candidate.Value.Length > _options.MaxCandidateLength || (candidate.SdpMid?.Length ?? 0) > _options.MaxCandidateLength)
        {
            output.Emit(new WebRtcOut.Error(remote, "candidate too large"));
            return;
        }

        if (!connection.RemoteDescriptionSet)
        {
            if (connection.PendingRemoteCandidates.Count < _options.MaxPendingCandidates)
            {
                connection.PendingRemoteCandidates.Add(candidate);
            }

            return;
        }

        await AddCandidateAsync(connection, candidate, cancellationToken);
    }

    private async ValueTask ApplyPendingCandidatesAsync(WebRtcConnection connection, CancellationToken cancellationToken)
    {
        var pending = connection.PendingRemoteCandidates.ToArray();
        connection.PendingRemoteCandidates.Clear();
        foreach (var candidate in pending)
        {
            await AddCandidateAsync(connection, candidate, cancellationToken);
        }
    }

    private async ValueTask AddCandidateAsync(WebRtcConnection connection, PeerSetup.Candidate candidate, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = OperationToken(cancellationToken);
            await connection.Peer.AddRemoteCandidateAsync(candidate, timeout.Token);
        }
        catch (Exception exception)
        {
            // One bad candidate does not break the connection; others may work.
            Log.OperationFailed(_logger, exception, connection.Remote, "add candidate");
        }
    }
}
