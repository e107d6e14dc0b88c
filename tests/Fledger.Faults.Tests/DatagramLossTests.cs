using Fledger.Faults.Tests.Infrastructure;
using Fledger.Modules.Gossip;
using Xunit.Abstractions;

namespace Fledger.Faults.Tests;

/// <summary>Native nodes over the managed stack on 127.0.0.1 with 10 % of all UDP datagrams lost on every link.</summary>
public sealed class DatagramLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Mesh _mesh = new();
    private SignalServerHost? _server;

    /// <remarks>
    /// Every node's <see cref="Fledger.WebRtc.PeerConnection.RtcConfiguration.DropOutgoingDatagram"/> is one seeded
    /// <see cref="DatagramLoss"/>: each datagram any node sends (STUN checks, DTLS handshake flights, SCTP packets) is
    /// lost with probability 0.1, so every link loses 10 % in each direction from the first ICE check on. Connection
    /// setup survives through ICE/DTLS retransmissions, data through SCTP retransmissions.
    /// </remarks>
    [Fact]
    public async Task Gossip_TenPercentDatagramLossOnEveryLink_NoEventIsLost()
    {
        var loss = new DatagramLoss(0.1, seed: 7);
        _server = await SignalServerHost.StartAsync();
        await _mesh.AddNativeAsync(_server.HubUri, 12, seed: 400, loss);
        var formed = await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 2) && _mesh.IsOneOverlay(),
            TimeSpan.FromSeconds(90),
            "12 nodes with degree >= 2 in one overlay over lossy links");
        Assert.True(await Mesh.SecuredConnectionsAsync(_mesh.Nodes[0]) >= 1, "node 0 has no DTLS + SCTP connection");
        var droppedDuringSetup = loss.Dropped;

        var ids = new List<GossipEventId>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await Mesh.PostAsync(_mesh.Nodes[i * 5 % _mesh.Nodes.Count], $"lossy {i}"));
        }

        var took = await _mesh.WaitUntilAsync(() => ids.All(_mesh.AllHave), TimeSpan.FromSeconds(60), "all 20 chats on all 12 nodes");

        Assert.True(droppedDuringSetup > 0, "no datagram was dropped while the connections were set up");
        Assert.InRange(loss.Dropped / (double)loss.Sent, 0.07, 0.13);
        output.WriteLine(
            $"overlay after {formed.TotalMilliseconds:0} ms; all events everywhere {took.TotalMilliseconds:0} ms after the last post; " +
            $"dropped {loss.Dropped} of {loss.Sent} datagrams ({100.0 * loss.Dropped / loss.Sent:0.0} %), {droppedDuringSetup} before the overlay was whole");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime.DisposeAsync on a test class; it ignores IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
