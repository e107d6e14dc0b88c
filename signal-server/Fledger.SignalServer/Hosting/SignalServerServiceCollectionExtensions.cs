using Fledger.SignalServer;
using Fledger.SignalServer.Connections;
using Fledger.SignalServer.Diagnostics;
using Fledger.SignalServer.Hosting;
using Fledger.SignalServer.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Fledger signaling server.</summary>
public static class SignalServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the signaling hub's services: options bound from the <c>SignalServer</c> section and validated at
    /// start, the in-memory <see cref="INodeRegistry"/> (unless one is registered), connection tracking, metrics
    /// and registry maintenance. Idempotent. Map the hub with <c>app.MapFledgerSignalServer()</c>.
    /// </summary>
    public static IFledgerSignalServerBuilder AddFledgerSignalServer(this IServiceCollection services, Action<SignalServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new FledgerSignalServerBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ConnectionTracker)))
        {
            return builder;
        }

        services.AddOptions<SignalServerOptions>().BindConfiguration(SignalServerOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalServerOptions>, SignalServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HubOptions>, SignalHubOptionsSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INodeRegistry>(sp => new InMemoryNodeRegistry(sp.GetRequiredService<TimeProvider>(), Random.Shared));
        services.TryAddSingleton<ConnectionTracker>();
        services.TryAddSingleton<SignalServerMetrics>();
        services.TryAddSingleton<RegistryMaintenance>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RegistryMaintenance>(sp => sp.GetRequiredService<RegistryMaintenance>()));
        services.AddMetrics();
        services.AddSignalR();
        return builder;
    }
}
