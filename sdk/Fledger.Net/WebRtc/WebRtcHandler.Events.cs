using Fledger.Broker;
using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

public sealed partial class WebRtcHandler
{
    private async ValueTask OnPeerEventAsync(PeerEvent peerEvent, IBrokerOutput<WebRtcOut> output)
    {
        if (!_connections.TryGetValue(peerEvent.Peer, out var connection) || connection.Generation != peerEvent.Generation)
        {
            return;
        }

        switch (peerEvent)
        {
            case LocalCandidateFound found:
                OnLocalCandidate(connection, found.Candidate, output);
                break;
            case PeerStateChanged changed:
                await OnStateChangedAsync(connection, changed.State, output);
                break;
            case PeerMessageArrived arrived:
                output.Emit(new WebRtcOut.MessageReceived(connection.Remote, arrived.Data));
                break;
            case ConnectTimedOut when !connection.IsConnected:
                await CloseAsync(connection, "timeout", output);
                break;
            case PeerSendFailed failed:
                await CloseAsync(connection, "send failed: " + failed.Reason, output);
                break;
        }
    }

    private static void OnLocalCandidate(WebRtcConnection connection, PeerSetup.Candidate candidate, IBrokerOutput<WebRtcOut> output)
    {
        if (connection.LocalDescriptionSent)
        {
            output.Emit(new WebRtcOut.SetupToSend(connection.Remote, candidate));
        }
        else
        {
            connection.PendingLocalCandidates.Add(candidate);
        }
    }

    private async ValueTask OnStateChangedAsync(WebRtcConnection connection, PeerConnectionState state, IBrokerOutput<WebRtcOut> output)
    {
        switch (state)
        {
            case PeerConnectionState.Connected when !connection.IsConnected:
                connection.IsConnected = true;
                connection.ConnectTimer?.Dispose();
                connection.ConnectTimer = null;
                Log.Opened(_logger, connection.Remote);
                StartPump(connection);
                output.Emit(new WebRtcOut.Connected(connection.Remote));
                break;
            case PeerConnectionState.Failed:
                await CloseAsync(connection, "failed", output);
                break;
            case PeerConnectionState.Closed:
                await CloseAsync(connection, "closed", output);
                break;
        }
    }

    private void StartPump(WebRtcConnection connection)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => PumpAsync(connection));
        }
    }

    /// <summary>Sends the queued messages of one open connection in order, waiting on the peer's back-pressure.</summary>
    private async Task PumpAsync(WebRtcConnection connection)
    {
        var peer = connection.Peer;
        var generation = connection.Generation;
        var token = connection.Closing.Token;
        try
        {
            var reader = connection.Outbox.Reader;
            while (await reader.WaitToReadAsync(token))
            {
                while (reader.TryRead(out var data))
                {
                    await peer.SendAsync(data, token);
                    connection.CountSent(data.Length);
                    if (connection.TakeDrainNotice())
                    {
                        SendQueueDrained?.Invoke(connection.Remote);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closed: queued messages are dropped.
        }
        catch (Exception exception)
        {
            Log.OperationFailed(_logger, exception, connection.Remote, "send");
            _broker.EnqueueInput(new PeerSendFailed(connection.Remote, generation, exception.GetType().Name));
        }
    }
}
