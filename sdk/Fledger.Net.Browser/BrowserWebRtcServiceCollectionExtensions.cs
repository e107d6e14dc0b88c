using Fledger.Net.Browser;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser WebRTC implementation.</summary>
public static class BrowserWebRtcServiceCollectionExtensions
{
    /// <summary>Adds <see cref="BrowserWebRtc"/> as a scoped service (one per Blazor app); idempotent.</summary>
    public static IServiceCollection AddFledgerBrowserWebRtc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<BrowserWebRtc>();
        return services;
    }
}
