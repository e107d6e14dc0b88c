using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.ScaleOut.Tests.Infrastructure;

public static class TestClients
{
    public static SignalingClient Create(Uri hub, NodeIdentity? identity = null, string name = "node")
    {
        identity ??= NodeIdentity.Generate();
        return new SignalingClient(
            identity,
            identity.CreateNodeInfo(name, ClientKind.Test, ["ping"]),
            new SignalingClientOptions
            {
                ServerUri = hub,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
            },
            NullLogger<SignalingClient>.Instance,
            random: new Random(1));
    }

    public static async Task<SignalingClient> ConnectAnnouncedAsync(Uri hub, NodeIdentity? identity = null)
    {
        var client = Create(hub, identity);
        await client.ConnectAsync().WaitAsync(SignalOutReader.Timeout);
        await client.Outputs.NextAsync<SignalOut.Announced>();
        return client;
    }
}
