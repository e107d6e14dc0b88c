using Fledger.Net.Browser;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the browser WebRTC implementation.</summary>
public static class BrowserWebRtcServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BrowserWebRtc"/> and the browser <see cref="IWebRtcPeerFactory"/> (scoped: one per Blazor
    /// app) and <see cref="PeerConnectionConfig"/> (no ICE servers unless registered before); idempotent.
    /// </summary>
    public static IServiceCollection AddFledgerBrowserWebRtc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(PeerConnectionConfig.Default);
        services.TryAddScoped<BrowserWebRtc>();
        services.TryAddScoped<IWebRtcPeerFactory, BrowserWebRtcPeerFactory>();
        return services;
    }
}
