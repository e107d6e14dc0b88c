using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Framing;
using Fledger.Net.WebRtc;

namespace Fledger.Net.Network;

public sealed partial class NetworkHandler
{
    private async ValueTask OnWebRtcAsync(WebRtcOut webRtc, IBrokerOutput<NetworkOut> output)
    {
        switch (webRtc)
        {
            case WebRtcOut.Connected connected:
                await OnConnectedAsync(connected.Peer, output);
                break;
            case WebRtcOut.Disconnected disconnected:
                OnDisconnected(disconnected.Peer, disconnected.Reason, output);
                break;
            case WebRtcOut.MessageReceived received:
                await OnFrameAsync(received.Peer, received.Data, output);
                break;
            case WebRtcOut.Status status:
                OnStatus(status.Peer, status.Stats, output);
                break;
            case WebRtcOut.Error error:
                Log.WebRtcError(_logger, error.Peer, error.Reason);
                break;
        }
    }

    private async ValueTask OnConnectedAsync(NodeId remote, IBrokerOutput<NetworkOut> output)
    {
        if (!_peers.TryGetValue(remote, out var peer))
        {
            peer = NewPeer();
            _peers.Add(remote, peer);
        }

        peer.IsConnected = true;
        output.Emit(new NetworkOut.Connected(remote));
        await FlushAsync(remote, peer);
    }

    private void OnDisconnected(NodeId remote, string reason, IBrokerOutput<NetworkOut> output)
    {
        if (!_peers.Remove(remote, out var peer))
        {
            return;
        }

        peer.Assembler.Clear();

        while (peer.Pending.TryDequeue(out var pending))
        {
            Fail(remote, pending.Message.Module, reason, output);
        }

        output.Emit(new NetworkOut.Disconnected(remote, reason));
    }

    private async ValueTask OnFrameAsync(NodeId remote, ReadOnlyMemory<byte> data, IBrokerOutput<NetworkOut> output)
    {
        if (!_peers.TryGetValue(remote, out var peer) || peer.Banned)
        {
            return;
        }

        Interlocked.Increment(ref _framesReceived);
        if (data.Length > _options.MaxReceiveFrameSize)
        {
            Interlocked.Increment(ref _malformedFrames);
            Log.OversizedFrame(_logger, remote, data.Length);
            await DisconnectForGarbageAsync(remote, peer);
            return;
        }

        var expiredBefore = peer.Assembler.ExpiredCount;
        var error = peer.Assembler.Accept(data, out var message);
        Interlocked.Add(ref _reassemblyExpired, peer.Assembler.ExpiredCount - expiredBefore);
        if (error == FrameError.None)
        {
            if (message is not null)
            {
                Interlocked.Increment(ref _messagesReceived);
                output.Emit(new NetworkOut.MessageReceived(remote, message));
            }

            return;
        }

        Interlocked.Increment(ref _malformedFrames);
        peer.MalformedFrames++;
        Log.MalformedFrame(_logger, remote, error);
        if (peer.MalformedFrames > _options.MaxMalformedFrames)
        {
            Log.GarbageDisconnect(_logger, remote, peer.MalformedFrames);
            await DisconnectForGarbageAsync(remote, peer);
        }
    }

    /// <summary>Disconnects a peer that sends garbage, once: frames already on their way are ignored, not counted again.</summary>
    private async ValueTask DisconnectForGarbageAsync(NodeId remote, NetworkPeer peer)
    {
        peer.Banned = true;
        peer.Assembler.Clear();
        Interlocked.Increment(ref _garbageDisconnects);
        await _webRtc.EmitInputAsync(new WebRtcIn.Disconnect(remote));
    }

    private void OnStatus(NodeId remote, ConnectionStats stats, IBrokerOutput<NetworkOut> output)
    {
        if (_statsRequest is not { } request || !request.Expected.Remove(remote))
        {
            return;
        }

        request.Received[remote] = stats;
        if (request.Expected.Count == 0)
        {
            _statsRequest = null;
            output.Emit(new NetworkOut.Stats(request.Received));
        }
    }
}
