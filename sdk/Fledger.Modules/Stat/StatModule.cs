using Fledger.Broker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Modules.Stat;

/// <summary>Creates the stat module: a broker with a <see cref="StatHandler"/>.</summary>
public static class StatModule
{
    /// <summary>Creates the module's broker.</summary>
    public static Broker<StatIn, StatOut> Create(StatOptions options, TimeProvider time, ILoggerFactory? loggers = null, BrokerOptions? brokerOptions = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var broker = new Broker<StatIn, StatOut>(ModuleNames.Stat, loggers.CreateLogger<Broker<StatIn, StatOut>>(), brokerOptions);
        broker.AddHandler(new StatHandler(options, time));
        return broker;
    }
}
