using System.Net.Http;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.SignalServer.Tests.Hub;

/// <summary>
/// OpenTelemetry listens to every meter of the process with the server's meter name, so this test runs alone
/// (no other server in the process) to see exactly its own counts.
/// </summary>
[Collection(SerialCollection.Name)]
public class MetricsTests
{
    [Fact]
    public async Task HealthAndMetrics_Served_WithConnectionsRelaysAndRejections()
    {
        await using var server = await SignalServerHost.StartAsync();
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, a);
        await using var clientB = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, b);
        await using var anonymous = await RawSignalClient.ConnectAsync(server.HubUri);
        await clientA.RelayAsync(b.Id, new PeerSetup.Offer("v=0"));
        await clientB.ExpectPeerSetupAsync();
        await anonymous.Connection.SendAsync("ListNodes", 5).WaitAsync(RawSignalClient.Timeout);
        await anonymous.ExpectErrorAsync();

        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = RawSignalClient.Timeout };
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Matches("fledger_signal_connections(\\{[^}]*\\})? 3", metrics);
        Assert.Matches("fledger_signal_nodes(\\{[^}]*\\})? 2", metrics);
        Assert.Matches("fledger_signal_relays_total(\\{[^}]*\\})? 1", metrics);
        Assert.Matches("fledger_signal_rejections_total\\{[^}]*reason=\"NotAnnounced\"[^}]*\\} 1", metrics);
    }
}
