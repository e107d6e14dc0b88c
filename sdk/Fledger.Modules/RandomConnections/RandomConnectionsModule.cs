using Fledger.Broker;
using Fledger.Core.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Modules.RandomConnections;

/// <summary>Creates the random-connections module: a broker with a <see cref="RandomConnectionsHandler"/>.</summary>
public static class RandomConnectionsModule
{
    /// <summary>Creates the module's broker for node <paramref name="self"/>.</summary>
    public static Broker<RandomConnectionsIn, RandomConnectionsOut> Create(
        NodeId self, RandomConnectionsOptions options, TimeProvider time, Random random, ILoggerFactory? loggers = null, BrokerOptions? brokerOptions = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var broker = new Broker<RandomConnectionsIn, RandomConnectionsOut>(
            ModuleNames.RandomConnections, loggers.CreateLogger<Broker<RandomConnectionsIn, RandomConnectionsOut>>(), brokerOptions);
        broker.AddHandler(new RandomConnectionsHandler(self, options, time, random, loggers.CreateLogger<RandomConnectionsHandler>()));
        return broker;
    }
}
