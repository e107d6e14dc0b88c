using Fledger.Broker.Timer;
using Fledger.Core.Identity;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Modules.Ping;
using Fledger.Modules.RandomConnections;
using Fledger.Modules.Stat;
using Fledger.Net.Network;

namespace Fledger.Node;

public sealed partial class FledgerNode
{
    private void Wire()
    {
        _subscriptions.Add(Network.SubscribeOutputs(OnNetwork));
        if (RandomConnections is { } rc)
        {
            _brokers.Add(rc);
            _subscriptions.Add(rc.Link(Network, ToNetwork, FromNetworkToRandomConnections));
            _subscriptions.Add(_timer.Broker.ForwardOutputsToInputs(rc, t => t is SecondTick s ? new RandomConnectionsIn.Tick(s.Now) : null));
            _subscriptions.Add(rc.SubscribeOutputs(OnRandomConnections));
        }

        if (Gossip is { } gossip)
        {
            _brokers.Add(gossip);
            _subscriptions.Add(gossip.Link(Network, ToNetwork, FromNetworkToGossip));
            _subscriptions.Add(_timer.Broker.ForwardOutputsToInputs(gossip, t => t is SecondTick s ? new GossipIn.Tick(s.Now) : null));
            _subscriptions.Add(gossip.SubscribeOutputs(OnGossip));
            if (RandomConnections is { } rcTarget)
            {
                // A peer that sent a forged event is dropped like a failed one: not re-dialled before the retry backoff.
                _subscriptions.Add(gossip.ForwardOutputsToInputs(rcTarget, g => g is GossipOut.PeerMisbehaved m ? new RandomConnectionsIn.PeerFailed(m.Peer) : null));
            }
        }

        if (Ping is { } ping)
        {
            _brokers.Add(ping);
            _subscriptions.Add(ping.Link(Network, ToNetwork, FromNetworkToPing));
            _subscriptions.Add(_timer.Broker.ForwardOutputsToInputs(ping, t => t is SecondTick s ? new PingIn.Tick(s.Now) : null));
            _subscriptions.Add(ping.SubscribeOutputs(OnPing));
            if (RandomConnections is { } rcTarget)
            {
                _subscriptions.Add(ping.ForwardOutputsToInputs(rcTarget, p => p is PingOut.PeerFailed f ? new RandomConnectionsIn.PeerFailed(f.Peer) : null));
            }

            if (Stat is { } statTarget)
            {
                _subscriptions.Add(ping.ForwardOutputsToInputs(statTarget, p => p is PingOut.RoundTrip r ? new StatIn.RoundTrip(r.Peer, r.Rtt) : null));
            }
        }

        if (Stat is { } stat)
        {
            _brokers.Add(stat);
            _subscriptions.Add(stat.Link(Network, ToNetwork, FromNetworkToStat));
            _subscriptions.Add(_timer.Broker.ForwardOutputsToInputs(stat, t => t is SecondTick s ? new StatIn.Tick(s.Now) : null));
            _subscriptions.Add(stat.SubscribeOutputs(OnStat));
        }
    }

    private static NetworkIn? ToNetwork(RandomConnectionsOut message) => message switch
    {
        RandomConnectionsOut.Connect c => new NetworkIn.Connect(c.Peer),
        RandomConnectionsOut.Disconnect d => new NetworkIn.Disconnect(d.Peer),
        RandomConnectionsOut.RequestNodeList => new NetworkIn.RequestNodeList(),
        _ => null,
    };

    private static NetworkIn? ToNetwork(GossipOut message) => message switch
    {
        GossipOut.Send send => new NetworkIn.SendMessage(send.To, new NodeMessage(ModuleNames.Gossip, send.Payload)),
        GossipOut.PeerMisbehaved bad => new NetworkIn.Disconnect(bad.Peer),
        _ => null,
    };

    private static NetworkIn? ToNetwork(PingOut message) => message switch
    {
        PingOut.Send send => new NetworkIn.SendMessage(send.To, new NodeMessage(ModuleNames.Ping, send.Payload)),
        PingOut.PeerFailed failed => new NetworkIn.Disconnect(failed.Peer),
        _ => null,
    };

    private static NetworkIn? ToNetwork(StatOut message) => message is StatOut.RequestStats ? new NetworkIn.RequestStats() : null;

    private static RandomConnectionsIn? FromNetworkToRandomConnections(NetworkOut message) => message switch
    {
        NetworkOut.NodeList list => new RandomConnectionsIn.NodeList(list.Nodes),
        NetworkOut.Connected c => new RandomConnectionsIn.PeerConnected(c.Peer),
        NetworkOut.Disconnected d => new RandomConnectionsIn.PeerDisconnected(d.Peer),
        _ => null,
    };

    private static GossipIn? FromNetworkToGossip(NetworkOut message) => message switch
    {
        NetworkOut.MessageReceived { Message.Module: ModuleNames.Gossip } m => new GossipIn.Received(m.From, m.Message.Payload),
        NetworkOut.Connected c => new GossipIn.PeerConnected(c.Peer),
        NetworkOut.Disconnected d => new GossipIn.PeerDisconnected(d.Peer),
        _ => null,
    };

    private static PingIn? FromNetworkToPing(NetworkOut message) => message switch
    {
        NetworkOut.MessageReceived { Message.Module: ModuleNames.Ping } m => new PingIn.Received(m.From, m.Message.Payload),
        NetworkOut.Connected c => new PingIn.PeerConnected(c.Peer),
        NetworkOut.Disconnected d => new PingIn.PeerDisconnected(d.Peer),
        _ => null,
    };

    private static StatIn? FromNetworkToStat(NetworkOut message) => message switch
    {
        NetworkOut.Stats stats => new StatIn.NetworkStats(stats.Connections),
        NetworkOut.Connected c => new StatIn.PeerConnected(c.Peer),
        NetworkOut.Disconnected d => new StatIn.PeerDisconnected(d.Peer),
        _ => null,
    };

    private void OnNetwork(NetworkOut message)
    {
        var change = NodeChange.None;
        lock (_gate)
        {
            switch (message)
            {
                case NetworkOut.Connected c:
                    change = _connections.Add(c.Peer) ? NodeChange.Connections : NodeChange.None;
                    break;
                case NetworkOut.Disconnected d:
                    change = _connections.Remove(d.Peer) ? NodeChange.Connections : NodeChange.None;
                    break;
                case NetworkOut.NodeList list:
                    foreach (var node in list.Nodes)
                    {
                        AddKnown(node);
                    }

                    change = NodeChange.KnownNodes;
                    break;
            }
        }

        if (change != NodeChange.None)
        {
            Raise(change);
        }
    }

    private void AddKnown(NodeInfo node)
    {
        if (node.Id == Id || (_known.Count >= _options.MaxKnownNodes && !_known.ContainsKey(node.Id)))
        {
            return;
        }

        _known[node.Id] = node;
    }

    private void OnRandomConnections(RandomConnectionsOut message)
    {
        if (message is RandomConnectionsOut.State state)
        {
            lock (_gate)
            {
                _overlay = state;
            }

            Raise(NodeChange.Connections);
        }
    }

    private void OnGossip(GossipOut message)
    {
        switch (message)
        {
            case GossipOut.EventAdded added:
                lock (_gate)
                {
                    var e = added.Event;
                    if (added.Origin == GossipOrigin.Local)
                    {
                        _lastLocal = e;
                    }

                    if (e.Category == GossipCategory.Chat)
                    {
                        _chat[(e.Created, e.Id)] = e;
                        _chatIds.Add(e.Id);
                        while (_chat.Count > _options.Gossip.MaxChatEvents)
                        {
                            var oldest = _chat.Keys.First();
                            _chat.Remove(oldest);
                            _chatIds.Remove(oldest.Id);
                        }
                    }
                    else if (NodeInfo.TryDecode(e.Content.Span, out var info, out _))
                    {
                        AddKnown(info!);
                    }
                }

                Raise(added.Event.Category == GossipCategory.Chat ? NodeChange.Events : NodeChange.KnownNodes);
                break;
            case GossipOut.State state:
                lock (_gate)
                {
                    _gossipStats = state.Stats;
                }

                Raise(NodeChange.Gossip);
                break;
        }
    }

    private void OnPing(PingOut message)
    {
        if (message is PingOut.State state)
        {
            lock (_gate)
            {
                _pings = state.Peers;
            }

            Raise(NodeChange.Stats);
        }
    }

    private void OnStat(StatOut message)
    {
        if (message is StatOut.State state)
        {
            lock (_gate)
            {
                _stats = state.Peers;
            }

            Raise(NodeChange.Stats);
        }
    }
}
