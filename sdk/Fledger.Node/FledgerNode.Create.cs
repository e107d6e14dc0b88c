using Fledger.Broker;
using Fledger.Broker.Timer;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Modules.Ping;
using Fledger.Modules.RandomConnections;
using Fledger.Modules.Stat;
using Fledger.Net.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Node;

public sealed partial class FledgerNode
{
    private FledgerNode(
        NodeOptions options,
        NodeIdentity identity,
        NodeInfo info,
        IKeyValueStore store,
        Broker<NetworkIn, NetworkOut> network,
        TimeProvider time,
        ILoggerFactory loggers,
        Random random,
        BrokerOptions? brokerOptions)
    {
        _options = options;
        _identity = identity;
        _logger = loggers.CreateLogger<FledgerNode>();
        Info = info;
        Network = network;
        _timer = new TimerBroker(time, brokerOptions);
        var modules = options.Modules;
        if (modules.HasFlag(NodeModules.RandomConnections))
        {
            RandomConnections = RandomConnectionsModule.Create(identity.Id, options.RandomConnections, time, Fork(random), loggers, brokerOptions);
        }

        if (modules.HasFlag(NodeModules.Gossip))
        {
            Gossip = GossipModule.Create(identity, store, options.Gossip, time, Fork(random), loggers, brokerOptions);
        }

        if (modules.HasFlag(NodeModules.Ping))
        {
            Ping = PingModule.Create(options.Ping, time, Fork(random), loggers, brokerOptions);
        }

        if (modules.HasFlag(NodeModules.Stat))
        {
            Stat = StatModule.Create(options.Stat, time, loggers, brokerOptions);
        }

        Wire();
    }

    /// <summary>
    /// Builds a node: loads (or creates and stores) its identity and name from <paramref name="store"/>, creates the
    /// enabled modules and links them to <paramref name="network"/> and a timer on <paramref name="time"/>.
    /// </summary>
    /// <param name="options">The options; validated.</param>
    /// <param name="store">Where identity, name and events are kept.</param>
    /// <param name="network">The network broker (native, browser or simulated).</param>
    /// <param name="time">The clock (FakeTimeProvider in tests and simulations).</param>
    /// <param name="loggers">Logger factory; null for none.</param>
    /// <param name="random">The random source of the modules (and of a new identity); null for a fresh unseeded one
    /// (a new identity then comes from the system's cryptographic source).</param>
    /// <param name="brokerOptions">Options of the node's brokers (<see cref="BrokerOptions.Manual"/> in simulations).</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static async Task<FledgerNode> CreateAsync(
        NodeOptions options,
        IKeyValueStore store,
        Broker<NetworkIn, NetworkOut> network,
        TimeProvider time,
        ILoggerFactory? loggers = null,
        Random? random = null,
        BrokerOptions? brokerOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(time);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid node options: {string.Join(" ", errors)}", nameof(options));
        }

        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, random, cancellationToken);
        var name = await NodeIdentityStore.ResolveNameAsync(store, options.Name, identity.Id, cancellationToken);
        var info = identity.CreateNodeInfo(name, options.Kind, ModuleList(options.Modules));
        return new FledgerNode(options, identity, info, store, network, time, loggers ?? NullLoggerFactory.Instance, random ?? new Random(), brokerOptions);
    }

    private static Random Fork(Random random) => new(random.Next());

    private static IEnumerable<string> ModuleList(NodeModules modules)
    {
        if (modules.HasFlag(NodeModules.RandomConnections))
        {
            yield return ModuleNames.RandomConnections;
        }

        if (modules.HasFlag(NodeModules.Gossip))
        {
            yield return ModuleNames.Gossip;
        }

        if (modules.HasFlag(NodeModules.Ping))
        {
            yield return ModuleNames.Ping;
        }

        if (modules.HasFlag(NodeModules.Stat))
        {
            yield return ModuleNames.Stat;
        }
    }
}
