using System.Net;
using System.Net.Sockets;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Tests.Infrastructure;

namespace Fledger.SignalServer.Tests.Client;

public class SignalingClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Uri Hub => fixture.Host.HubUri;

    [Fact]
    public async Task TwoClients_AnnounceListAndRelayBothWays_DeliverWithSenderId()
    {
        await using var a = await TestClients.ConnectAnnouncedAsync(Hub);
        await using var b = await TestClients.ConnectAnnouncedAsync(Hub);

        Assert.True(await a.ListNodesAsync(100));
        var list = await a.Outputs.NextAsync<SignalOut.NodeList>();
        Assert.Contains(list.Nodes, n => n.Id == b.Id);
        Assert.DoesNotContain(list.Nodes, n => n.Id == a.Id);

        await a.RelayAsync(b.Id, new PeerSetup.Offer("v=0 offer"));
        await a.RelayAsync(b.Id, new PeerSetup.Candidate("candidate:1 1 udp 1 10.0.0.1 1 typ host", "0", 0));
        await b.RelayAsync(a.Id, new PeerSetup.Answer("v=0 answer"));
        await b.RelayAsync(a.Id, new PeerSetup.Candidate("candidate:2 1 udp 1 10.0.0.2 2 typ host", "0", 0));

        Assert.Equal(new SignalOut.PeerSetupReceived(a.Id, new PeerSetup.Offer("v=0 offer")), await b.Outputs.NextAsync<SignalOut.PeerSetupReceived>());
        Assert.Equal(a.Id, (await b.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).From);
        Assert.Equal(new SignalOut.PeerSetupReceived(b.Id, new PeerSetup.Answer("v=0 answer")), await a.Outputs.NextAsync<SignalOut.PeerSetupReceived>());
        Assert.IsType<PeerSetup.Candidate>((await a.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).Setup);
    }

    [Fact]
    public async Task AnnounceAsync_UpdatedInfo_ReannouncedAndListedByOthers()
    {
        var identity = NodeIdentity.Generate();
        await using var a = await TestClients.ConnectAnnouncedAsync(Hub, identity);
        await using var b = await TestClients.ConnectAnnouncedAsync(Hub);

        await a.AnnounceAsync(identity.CreateNodeInfo("renamed", ClientKind.Cli, ["gossip"]));
        await a.Outputs.NextAsync<SignalOut.Announced>();

        await b.ListNodesAsync(100);
        var list = await b.Outputs.NextAsync<SignalOut.NodeList>();
        Assert.Equal("renamed", Assert.Single(list.Nodes, n => n.Id == identity.Id).Name);
    }

    [Fact]
    public async Task Client_SameKeyConnectsElsewhere_ReportsReplacedAndDoesNotReconnect()
    {
        var identity = NodeIdentity.Generate();
        await using var first = await TestClients.ConnectAnnouncedAsync(Hub, identity);
        await using var second = await TestClients.ConnectAnnouncedAsync(Hub, identity);

        // The Replaced error and the close race on the client: accept them in either order.
        SignalOut.Error? replaced = null;
        SignalOut.Disconnected? disconnected = null;
        using var cts = new CancellationTokenSource(SignalOutReader.Timeout);
        while (replaced is null || disconnected is null)
        {
            switch (await first.Outputs.ReadAsync(cts.Token))
            {
                case SignalOut.Error error:
                    replaced = error;
                    break;
                case SignalOut.Disconnected closed:
                    disconnected = closed;
                    break;
            }
        }

        Assert.Equal(SignalErrorCode.Replaced, replaced.Code);
        Assert.False(disconnected.WillReconnect);
        Assert.Equal(SignalingState.Disconnected, first.State);
        Assert.Equal(SignalingState.Announced, second.State);
    }

    [Fact]
    public async Task Client_ServerRestartsOnSamePort_ReconnectsAndReannounces()
    {
        var server = await SignalServerHost.StartAsync();
        var port = server.Port;
        await using var client = await TestClients.ConnectAnnouncedAsync(server.HubUri);

        await server.DisposeAsync();
        Assert.True((await client.Outputs.NextAsync<SignalOut.Disconnected>()).WillReconnect);

        await using var restarted = await SignalServerHost.StartAsync(port: port);
        await client.Outputs.NextAsync<SignalOut.Connected>();
        Assert.Equal(client.Id, (await client.Outputs.NextAsync<SignalOut.Announced>()).Id);

        await using var other = await TestClients.ConnectAnnouncedAsync(restarted.HubUri);
        Assert.True(await other.ListNodesAsync(100));
        Assert.Contains((await other.Outputs.NextAsync<SignalOut.NodeList>()).Nodes, n => n.Id == client.Id);
        Assert.True(await other.RelayAsync(client.Id, new PeerSetup.Offer("after restart")));
        Assert.Equal(other.Id, (await client.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).From);
        Assert.Equal(1, client.Status.Reconnects);
    }

    [Fact]
    public async Task ConnectAsync_NoServerYet_RetriesUntilServerStarts()
    {
        var port = FreePort();
        await using var client = TestClients.Create(new Uri($"http://127.0.0.1:{port}/signal"));

        await client.ConnectAsync().WaitAsync(SignalOutReader.Timeout);
        Assert.Equal(SignalingState.Connecting, client.State);

        await using var server = await SignalServerHost.StartAsync(port: port);
        await client.Outputs.NextAsync<SignalOut.Announced>();
        Assert.Equal(SignalingState.Announced, client.State);
    }

    [Fact]
    public async Task DisconnectAsync_StopsWithoutReconnect()
    {
        await using var client = await TestClients.ConnectAnnouncedAsync(Hub);

        await client.DisconnectAsync().WaitAsync(SignalOutReader.Timeout);

        Assert.False((await client.Outputs.NextAsync<SignalOut.Disconnected>()).WillReconnect);
        Assert.Equal(SignalingState.Disconnected, client.State);
        Assert.False(await client.ListNodesAsync(10));
    }

    [Fact]
    public async Task SignalingBroker_InputsDriveClientAndOutputsAreEmitted()
    {
        var identity = NodeIdentity.Generate();
        await using var other = await TestClients.ConnectAnnouncedAsync(Hub);
        await using var signaling = new SignalingBroker(TestClients.Create(Hub, identity));
        using var tap = signaling.Broker.TapOutputs();

        await signaling.Broker.EmitInputAsync(new SignalIn.Connect());
        Assert.Equal(identity.Id, (await tap.Reader.NextAsync<SignalOut.Announced>()).Id);

        await signaling.Broker.EmitInputAsync(new SignalIn.ListNodes(50));
        Assert.Contains((await tap.Reader.NextAsync<SignalOut.NodeList>()).Nodes, n => n.Id == other.Id);

        await signaling.Broker.EmitInputAsync(new SignalIn.Relay(other.Id, new PeerSetup.Offer("via broker")));
        Assert.Equal(identity.Id, (await other.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).From);

        await signaling.Broker.EmitInputAsync(new SignalIn.RequestStatus());
        var status = await tap.Reader.NextAsync<SignalOut.Status>();
        Assert.Equal(SignalingState.Announced, status.Value.State);
        Assert.Equal(identity.Id, status.Value.Id);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
