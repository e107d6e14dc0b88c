using Fledger.Core.Storage;
using Fledger.Node;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a Fledger node in a service collection.</summary>
public static class FledgerNodeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NodeOptions"/> (validated), <see cref="FledgerNodeProvider"/>, and, unless already
    /// registered, <see cref="TimeProvider.System"/> and an <see cref="InMemoryKeyValueStore"/>. Idempotent. The
    /// network broker comes from a platform package or <see cref="FledgerNodeBuilder.UseNetwork"/>.
    /// </summary>
    public static FledgerNodeBuilder AddFledgerNode(this IServiceCollection services, Action<NodeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NodeOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IKeyValueStore, InMemoryKeyValueStore>();
        services.TryAddSingleton<FledgerNodeProvider>();
        return new FledgerNodeBuilder(services);
    }
}
