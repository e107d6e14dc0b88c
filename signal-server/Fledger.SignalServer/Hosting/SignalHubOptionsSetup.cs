using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Fledger.SignalServer.Hosting;

/// <summary>Applies <see cref="SignalServerOptions"/> to SignalR's <see cref="HubOptions"/>.</summary>
public sealed class SignalHubOptionsSetup : IConfigureOptions<HubOptions>
{
    private readonly IOptions<SignalServerOptions> _options;

    /// <summary>Created by DI.</summary>
    public SignalHubOptionsSetup(IOptions<SignalServerOptions> options) => _options = options;

    /// <inheritdoc />
    public void Configure(HubOptions options)
    {
        var o = _options.Value;
        options.MaximumReceiveMessageSize = o.MaxMessageBytes;
        options.ClientTimeoutInterval = o.ClientTimeout;
        options.KeepAliveInterval = o.KeepAliveInterval;
        options.MaximumParallelInvocationsPerClient = 1;
        options.EnableDetailedErrors = false;
    }
}
