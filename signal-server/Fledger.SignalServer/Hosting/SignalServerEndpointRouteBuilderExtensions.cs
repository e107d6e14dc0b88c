using Fledger.Net.Signaling;
using Fledger.SignalServer.Hubs;
using Microsoft.AspNetCore.Http.Connections;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Fledger signaling hub.</summary>
public static class SignalServerEndpointRouteBuilderExtensions
{
    /// <summary>Maps <see cref="SignalHub"/> at <see cref="SignalProtocol.HubPath"/> over WebSockets only.</summary>
    public static HubEndpointConventionBuilder MapFledgerSignalServer(this IEndpointRouteBuilder endpoints)
        => endpoints.MapHub<SignalHub>(SignalProtocol.HubPath, o => o.Transports = HttpTransportType.WebSockets);
}
