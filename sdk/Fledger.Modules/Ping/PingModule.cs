using Fledger.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Modules.Ping;

/// <summary>Creates the ping module: a broker with a <see cref="PingHandler"/>.</summary>
public static class PingModule
{
    /// <summary>Creates the module's broker.</summary>
    public static Broker<PingIn, PingOut> Create(
        PingOptions options, TimeProvider time, Random random, ILoggerFactory? loggers = null, BrokerOptions? brokerOptions = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var broker = new Broker<PingIn, PingOut>(ModuleNames.Ping, loggers.CreateLogger<Broker<PingIn, PingOut>>(), brokerOptions);
        broker.AddHandler(new PingHandler(options, time, random, loggers.CreateLogger<PingHandler>()));
        return broker;
    }
}
