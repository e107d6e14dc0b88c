using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Modules.Gossip;

/// <summary>Creates the gossip module: a broker with a <see cref="GossipHandler"/>.</summary>
public static class GossipModule
{
    /// <summary>Creates the module's broker for the node of <paramref name="identity"/>.</summary>
    public static Broker<GossipIn, GossipOut> Create(
        NodeIdentity identity,
        IKeyValueStore store,
        GossipOptions options,
        TimeProvider time,
        Random random,
        ILoggerFactory? loggers = null,
        BrokerOptions? brokerOptions = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var broker = new Broker<GossipIn, GossipOut>(ModuleNames.Gossip, loggers.CreateLogger<Broker<GossipIn, GossipOut>>(), brokerOptions);
        broker.AddHandler(new GossipHandler(identity, store, options, time, random, loggers.CreateLogger<GossipHandler>()));
        return broker;
    }
}
