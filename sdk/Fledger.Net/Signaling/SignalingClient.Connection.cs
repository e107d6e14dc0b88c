using Fledger.Core.Identity;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.Net.Signaling;

/// <summary>Connection lifecycle and server message handlers of <see cref="SignalingClient"/>.</summary>
public sealed partial class SignalingClient
{
    private async Task<bool> TryStartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_wantConnected)
            {
                return true;
            }

            if (_connection.State != HubConnectionState.Disconnected)
            {
                return true;
            }

            _state = SignalingState.Connecting;
            _announcePending = true;
            await _connection.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _state = SignalingState.Connecting;
            LogConnectFailed(_logger, _serverUri, ex.Message);
            return false;
        }
        finally
        {
            _gate.Release();
        }

        if (_state == SignalingState.Connecting)
        {
            _state = SignalingState.Connected;
        }

        LogConnected(_logger, _serverUri);
        await EmitAsync(new SignalOut.Connected());
        return true;
    }

    private void StartReconnectLoop()
    {
        if (Interlocked.Exchange(ref _reconnectLoopRunning, 1) == 1)
        {
            return;
        }

        _ = ReconnectLoopAsync(_lifetime.Token);
    }

    private async Task ReconnectLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 0; _wantConnected && !cancellationToken.IsCancellationRequested; attempt++)
            {
                _state = SignalingState.Connecting;
                var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectInitialDelay, _options.ReconnectMaxDelay, _random);
                await Task.Delay(delay, _time, cancellationToken);
                if (await TryStartAsync(cancellationToken))
                {
                    Interlocked.Increment(ref _reconnects);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        finally
        {
            Volatile.Write(ref _reconnectLoopRunning, 0);
        }

        if (!_wantConnected)
        {
            _state = SignalingState.Disconnected;
        }
    }

    private async Task OnClosedAsync(Exception? exception)
    {
        Volatile.Write(ref _nonce, null);
        var reconnect = _wantConnected && !_replaced && !_disposed;
        _state = reconnect ? SignalingState.Connecting : SignalingState.Disconnected;
        if (_replaced)
        {
            _wantConnected = false;
        }

        LogDisconnected(_logger, exception?.Message, reconnect);
        await EmitAsync(new SignalOut.Disconnected(_replaced ? "Replaced by another connection with this key." : exception?.Message, reconnect));
        if (reconnect)
        {
            StartReconnectLoop();
        }
    }

    private async Task OnChallengeAsync(int protocolVersion, byte[] nonce)
    {
        if (protocolVersion != SignalProtocol.Version)
        {
            LogVersionMismatch(_logger, protocolVersion, SignalProtocol.Version);
        }

        if (nonce is null || nonce.Length != SignalProtocol.NonceLength)
        {
            LogDropped(_logger, "Challenge", "bad nonce");
            return;
        }

        if (_announcePending)
        {
            _announcePending = false;
            Volatile.Write(ref _nonce, null);
            await SendAnnounceAsync(nonce, _lifetime.Token);
        }
        else
        {
            Volatile.Write(ref _nonce, nonce);
        }
    }

    private async Task SendAnnounceAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        var info = _info;
        var encoded = info.Encode();
        var signature = _identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, encoded));
        try
        {
            await _connection.SendAsync(SignalProtocol.ServerMethods.Announce, SignalProtocol.Version, nonce, encoded, signature, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection dropped meanwhile; the reconnect announces again.
            _announcePending = true;
            LogSendFailed(_logger, SignalProtocol.ServerMethods.Announce, ex.Message);
        }
    }

    private async Task<bool> SendAsync(string method, object? arg1, object? arg2, CancellationToken cancellationToken)
    {
        if (_connection.State != HubConnectionState.Connected)
        {
            return false;
        }

        try
        {
            if (arg2 is null)
            {
                await _connection.SendAsync(method, arg1, cancellationToken);
            }
            else
            {
                await _connection.SendAsync(method, arg1, arg2, cancellationToken);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(_logger, method, ex.Message);
            return false;
        }
    }

    private async Task OnAnnouncedAsync(string nodeId)
    {
        if (!NodeId.TryParse(nodeId, out var id) || id != _identity.Id)
        {
            LogDropped(_logger, "Announced", "id does not match this node");
            return;
        }

        _state = SignalingState.Announced;
        await EmitAsync(new SignalOut.Announced(id));
    }

    private async Task OnNodeListAsync(byte[][] nodes)
    {
        var list = new List<NodeInfo>(Math.Min(nodes?.Length ?? 0, MaxListedNodes));
        foreach (var bytes in (nodes ?? []).Take(MaxListedNodes))
        {
            if (bytes is not null && NodeInfo.TryDecode(bytes, out var info, out _))
            {
                list.Add(info!);
            }
        }

        await EmitAsync(new SignalOut.NodeList(list));
    }

    private async Task OnNodeJoinedAsync(byte[] node)
    {
        if (node is not null && NodeInfo.TryDecode(node, out var info, out _))
        {
            await EmitAsync(new SignalOut.NodeJoined(info!));
            return;
        }

        LogDropped(_logger, "NodeJoined", "bad NodeInfo");
    }

    private async Task OnNodeLeftAsync(string nodeId)
    {
        if (NodeId.TryParse(nodeId, out var id))
        {
            await EmitAsync(new SignalOut.NodeLeft(id));
            return;
        }

        LogDropped(_logger, "NodeLeft", "bad node id");
    }

    private async Task OnPeerSetupAsync(string from, PeerSetupWire setup)
    {
        if (!NodeId.TryParse(from, out var id) || setup is null || !setup.TryToPeerSetup(MaxInboundPeerSetupBytes, out var parsed, out _))
        {
            LogDropped(_logger, "PeerSetup", "bad sender or setup");
            return;
        }

        await EmitAsync(new SignalOut.PeerSetupReceived(id, parsed!));
    }

    private async Task OnErrorAsync(SignalErrorCode code, string detail)
    {
        if (code == SignalErrorCode.Replaced)
        {
            // Another connection proved our key: leave (the server aborts this connection after a grace period).
            _replaced = true;
            // Not awaited from inside the receive loop's handler (StopAsync waits for that loop to end).
            var connection = _connection;
            _ = Task.Run(() => connection.StopAsync());
        }

        LogServerError(_logger, code, detail);
        await EmitAsync(new SignalOut.Error(code, detail ?? string.Empty));
    }

    private async ValueTask EmitAsync(SignalOut message)
    {
        try
        {
            await _outputs.Writer.WriteAsync(message, _lifetime.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // Disposed: nobody reads any more.
        }
    }
}
