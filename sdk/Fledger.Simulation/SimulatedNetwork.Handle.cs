using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Network;
using Fledger.Net.WebRtc;

namespace Fledger.Simulation;

public sealed partial class SimulatedNetwork
{
    internal void Handle(SimulatedEndpoint from, NetworkIn message, IBrokerOutput<NetworkOut> output)
    {
        switch (message)
        {
            case NetworkIn.SendMessage send:
                Send(from, send, output);
                break;
            case NetworkIn.Connect connect:
                Connect(from, connect.Peer);
                break;
            case NetworkIn.Disconnect disconnect:
                from.Connecting.Remove(disconnect.Peer);
                if (from.Links.Remove(disconnect.Peer))
                {
                    output.Emit(new NetworkOut.Disconnected(disconnect.Peer, "closed"));
                    CloseRemote(from, disconnect.Peer);
                }

                break;
            case NetworkIn.RequestNodeList:
                Schedule(Latency() + Latency(), () =>
                {
                    if (from.IsAlive)
                    {
                        from.Broker.EnqueueOutput(new NetworkOut.NodeList(SampleNodes(from.Id)));
                    }
                });
                break;
            case NetworkIn.RequestStats:
                output.Emit(new NetworkOut.Stats(StatsOf(from)));
                break;
        }
    }

    private void Send(SimulatedEndpoint from, NetworkIn.SendMessage send, IBrokerOutput<NetworkOut> output)
    {
        if (!from.Links.Contains(send.To))
        {
            output.Emit(new NetworkOut.SendFailed(send.To, send.Message.Module, "not connected"));
            return;
        }

        from.Sent++;
        MessagesSent++;
        _sentByModule[send.Message.Module] = _sentByModule.GetValueOrDefault(send.Message.Module) + 1;
        var size = send.Message.Payload.Length;
        from.CountBytes(send.To, size, 0);
        var target = CurrentEndpoint(send.To);
        if (target is null || !Reachable(from, target) || (_options.DropRate > 0 && Random.NextDouble() < _options.DropRate))
        {
            return;
        }

        Schedule(Latency(), () =>
        {
            if (Reachable(from, target) && target.Links.Contains(from.Id))
            {
                target.Received++;
                target.CountBytes(from.Id, 0, size);
                target.Broker.EnqueueOutput(new NetworkOut.MessageReceived(from.Id, send.Message));
            }
        });
    }

    private void Connect(SimulatedEndpoint from, NodeId peer)
    {
        if (peer == from.Id || from.Links.Contains(peer) || !from.Connecting.Add(peer))
        {
            return;
        }

        var target = CurrentEndpoint(peer);
        if (target is null || !Reachable(from, target))
        {
            Schedule(_options.ConnectTimeout, () => FailConnect(from, peer));
            return;
        }

        Schedule(Latency() + Latency(), () =>
        {
            if (!from.Connecting.Remove(peer))
            {
                return;
            }

            if (!Reachable(from, target) || CurrentEndpoint(peer) != target)
            {
                Schedule(_options.ConnectTimeout, () => FailConnect(from, peer));
                from.Connecting.Add(peer);
                return;
            }

            if (from.Links.Add(peer))
            {
                from.Broker.EnqueueOutput(new NetworkOut.Connected(peer));
            }

            if (target.Links.Add(from.Id))
            {
                target.Broker.EnqueueOutput(new NetworkOut.Connected(from.Id));
            }
        });
    }

    private void FailConnect(SimulatedEndpoint from, NodeId peer)
    {
        if (from.IsAlive && from.Connecting.Remove(peer))
        {
            from.Broker.EnqueueOutput(new NetworkOut.Disconnected(peer, "connect failed"));
        }
    }

    private void CloseRemote(SimulatedEndpoint from, NodeId peer)
    {
        var target = CurrentEndpoint(peer);
        if (target is null)
        {
            return;
        }

        Schedule(Latency(), () =>
        {
            if (target.IsAlive && target.Links.Remove(from.Id))
            {
                target.Broker.EnqueueOutput(new NetworkOut.Disconnected(from.Id, "closed by peer"));
            }
        });
    }

    private List<NodeInfo> SampleNodes(NodeId except)
    {
        var alive = new List<NodeInfo>(_nodes.Count);
        foreach (var node in _nodes)
        {
            if (node.IsAlive && node.Id != except && node.Endpoint.Info is { } info)
            {
                alive.Add(info);
            }
        }

        var count = Math.Min(_options.NodeListSize, alive.Count);
        for (var i = 0; i < count; i++)
        {
            var j = i + Random.Next(alive.Count - i);
            (alive[i], alive[j]) = (alive[j], alive[i]);
        }

        return alive.GetRange(0, count);
    }

    private Dictionary<NodeId, ConnectionStats> StatsOf(SimulatedEndpoint endpoint)
    {
        var rtt = _options.MinLatency + _options.MaxLatency;
        var stats = new Dictionary<NodeId, ConnectionStats>(endpoint.Links.Count);
        foreach (var peer in endpoint.Links)
        {
            var (sent, received) = endpoint.Bytes.GetValueOrDefault(peer);
            stats[peer] = new ConnectionStats(
                PeerConnectionState.Connected, IceState.Connected, DtlsState.Connected, SctpState.Connected,
                CandidateType.Host, CandidateType.Host, sent, received, rtt);
        }

        return stats;
    }
}
