using Fledger.Broker;
using Fledger.Core.Storage;
using Fledger.Net.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fledger.Node;

/// <summary>Configures the services of a Fledger node (returned by <c>AddFledgerNode</c>).</summary>
/// <param name="services">The service collection.</param>
public sealed class FledgerNodeBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>Uses <typeparamref name="TStore"/> as the node's store (replacing the in-memory default).</summary>
    public FledgerNodeBuilder UseStore<TStore>()
        where TStore : class, IKeyValueStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IKeyValueStore, TStore>());
        return this;
    }

    /// <summary>Uses the network broker made by <paramref name="factory"/> (if none is registered yet).</summary>
    public FledgerNodeBuilder UseNetwork(Func<IServiceProvider, Broker<NetworkIn, NetworkOut>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.TryAddSingleton(factory);
        return this;
    }
}
