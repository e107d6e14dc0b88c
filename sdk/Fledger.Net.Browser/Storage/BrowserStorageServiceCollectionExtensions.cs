using Fledger.Net.Browser.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser's localStorage access.</summary>
public static class BrowserStorageServiceCollectionExtensions
{
    /// <summary>Adds <see cref="BrowserStorage"/> (scoped: one per Blazor app); idempotent.</summary>
    public static IServiceCollection AddFledgerBrowserStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<BrowserStorage>();
        return services;
    }
}
