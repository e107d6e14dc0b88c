using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.Net.Testing;

/// <summary>
/// An in-memory signaling server for tests: <see cref="CreateClient"/> gives each node a
/// <c>Broker&lt;SignalIn, SignalOut&gt;</c> that behaves like the signaling client (connect and announce, list nodes,
/// relay peer setups with the sender id set by the relay, node joined/left, typed errors, status).
/// </summary>
public sealed class InMemorySignalRelay
{
    private static readonly Uri ServerUri = new("inmem://signal");

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeId, Client> _clients = [];
    private readonly Random _random;
    private long _relayed;

    /// <summary>Creates a relay; <paramref name="seed"/> drives the node-list sampling.</summary>
    public InMemorySignalRelay(int seed = 1) => _random = new Random(seed);

    /// <summary>Peer setups relayed so far.</summary>
    public long RelayedCount => Interlocked.Read(ref _relayed);

    /// <summary>Nodes connected and announced.</summary>
    public int ConnectedCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Values.Count(c => c.IsConnected);
            }
        }
    }

    /// <summary>
    /// Creates the signaling broker of the node described by <paramref name="info"/>. Send it
    /// <see cref="SignalIn.Connect"/> to join.
    /// </summary>
    public Broker<SignalIn, SignalOut> CreateClient(NodeInfo info, BrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        var broker = new Broker<SignalIn, SignalOut>("signal-" + info.Id.ToShortString(), options: options);
        var client = new Client(this, broker, info);
        lock (_gate)
        {
            _clients.Add(info.Id, client);
        }

        broker.AddHandler(client.HandleAsync);
        return broker;
    }

    private void Connect(Client client, IBrokerOutput<SignalOut> output)
    {
        List<Client> others;
        lock (_gate)
        {
            if (client.IsConnected)
            {
                return;
            }

            client.IsConnected = true;
            others = [.. _clients.Values.Where(c => c != client && c.IsConnected)];
        }

        output.Emit(new SignalOut.Connected());
        output.Emit(new SignalOut.Announced(client.Info.Id));
        foreach (var other in others)
        {
            other.Broker.EnqueueOutput(new SignalOut.NodeJoined(client.Info));
        }
    }

    private void Disconnect(Client client, IBrokerOutput<SignalOut> output)
    {
        List<Client> others;
        lock (_gate)
        {
            if (!client.IsConnected)
            {
                return;
            }

            client.IsConnected = false;
            others = [.. _clients.Values.Where(c => c != client && c.IsConnected)];
        }

        output.Emit(new SignalOut.Disconnected(null, false));
        foreach (var other in others)
        {
            other.Broker.EnqueueOutput(new SignalOut.NodeLeft(client.Info.Id));
        }
    }

    private void ListNodes(Client client, int max, IBrokerOutput<SignalOut> output)
    {
        List<NodeInfo> nodes;
        lock (_gate)
        {
            if (!client.IsConnected)
            {
                output.Emit(new SignalOut.Error(SignalErrorCode.NotAnnounced, "not connected"));
                return;
            }

            nodes = [.. _clients.Values.Where(c => c != client && c.IsConnected).Select(c => c.Info)];
            for (var i = nodes.Count - 1; i > 0; i--)
            {
                var j = _random.Next(i + 1);
                (nodes[i], nodes[j]) = (nodes[j], nodes[i]);
            }
        }

        output.Emit(new SignalOut.NodeList([.. nodes.Take(Math.Max(0, max))]));
    }

    private void Relay(Client client, NodeId to, PeerSetup setup, IBrokerOutput<SignalOut> output)
    {
        Client? target;
        lock (_gate)
        {
            target = client.IsConnected && _clients.TryGetValue(to, out var found) && found.IsConnected ? found : null;
        }

        if (!client.IsConnected)
        {
            output.Emit(new SignalOut.Error(SignalErrorCode.NotAnnounced, "not connected"));
        }
        else if (target is null)
        {
            output.Emit(new SignalOut.Error(SignalErrorCode.UnknownTarget, "unknown target"));
        }
        else
        {
            Interlocked.Increment(ref _relayed);
            target.Broker.EnqueueOutput(new SignalOut.PeerSetupReceived(client.Info.Id, setup));
        }
    }

    private sealed class Client(InMemorySignalRelay relay, Broker<SignalIn, SignalOut> broker, NodeInfo info)
    {
        public Broker<SignalIn, SignalOut> Broker { get; } = broker;

        public NodeInfo Info { get; private set; } = info;

        public bool IsConnected { get; set; }

        public ValueTask HandleAsync(SignalIn message, IBrokerOutput<SignalOut> output)
        {
            switch (message)
            {
                case SignalIn.Connect:
                    relay.Connect(this, output);
                    break;
                case SignalIn.Disconnect:
                    relay.Disconnect(this, output);
                    break;
                case SignalIn.Announce announce when announce.Info.Id == Info.Id:
                    Info = announce.Info;
                    break;
                case SignalIn.Announce:
                    output.Emit(new SignalOut.Error(SignalErrorCode.BadSignature, "announce for another key"));
                    break;
                case SignalIn.ListNodes list:
                    relay.ListNodes(this, list.Max, output);
                    break;
                case SignalIn.Relay relayed:
                    relay.Relay(this, relayed.To, relayed.Setup, output);
                    break;
                case SignalIn.RequestStatus:
                    var state = IsConnected ? SignalingState.Announced : SignalingState.Disconnected;
                    output.Emit(new SignalOut.Status(new SignalingStatus(state, Info.Id, ServerUri, 0)));
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }
}
