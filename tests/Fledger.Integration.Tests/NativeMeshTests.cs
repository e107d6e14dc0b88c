using Fledger.Broker;
using Fledger.Net.Network;
using Fledger.Net.WebRtc;
using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fledger.Integration.Tests;

/// <summary>Five native nodes and the real signal server on 127.0.0.1, over the managed WebRTC stack.</summary>
public sealed class NativeMeshTests
{
    private static readonly TimeSpan MeshTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task FiveNativeNodes_RealSignalServer_FormOneMeshAndChatReachesAll()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var app = SignalServerApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error",
        ]);
        await app.StartAsync(cts.Token);
        var nodes = new List<NativeMeshNode>();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var hub = new Uri(new Uri(address), "/signal");
            for (var i = 0; i < 5; i++)
            {
                nodes.Add(await NativeMeshNode.StartAsync(hub, $"mesh-{i}", cts.Token));
            }

            using var changes = new NodeChangeSignal(nodes.Select(n => n.Node));
            await changes.WaitUntilAsync(() => IsConnectedMesh(nodes), MeshTimeout, "the five nodes did not form one connected overlay");

            var posted = await nodes[2].Node.PostChatAsync("hello mesh", cts.Token);
            Assert.NotNull(posted);
            await changes.WaitUntilAsync(() => nodes.All(n => n.Node.HasChatEvent(posted.Id)), MeshTimeout, "the chat did not reach every node");

            Assert.All(nodes, n => Assert.Contains(n.Node.ChatEvents, e => e.Text == "hello mesh" && e.Author == nodes[2].Id));
            Assert.All(nodes, n => Assert.NotEmpty(n.Node.Connections));

            // The links are real WebRTC connections of the managed stack: DTLS and SCTP up, bytes counted.
            // The stats also list connections still being set up (the overlay keeps growing towards its target degree,
            // and on a loaded machine a setup can be in flight here): check the links that were open before asking.
            var open = nodes[2].Node.Connections.ToHashSet();
            using var tap = nodes[2].Network.Network.TapOutputs();
            await nodes[2].Network.Network.EmitInputAsync(new NetworkIn.RequestStats());
            var stats = await ReadStatsAsync(tap, cts.Token);
            var links = stats.Connections.Where(c => open.Contains(c.Key)).Select(c => c.Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, c =>
            {
                Assert.Equal(DtlsState.Connected, c.Dtls);
                Assert.Equal(SctpState.Connected, c.Sctp);
                Assert.Equal(CandidateType.Host, c.LocalCandidate);
                Assert.True(c.BytesSent > 0 && c.BytesReceived > 0);
            });
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private static async Task<NetworkOut.Stats> ReadStatsAsync(BrokerTap<NetworkOut> tap, CancellationToken cancellationToken)
    {
        await foreach (var output in tap.ReadAllAsync(cancellationToken))
        {
            if (output is NetworkOut.Stats stats)
            {
                return stats;
            }
        }

        throw new InvalidOperationException("The network broker stopped before answering with stats.");
    }

    private static bool IsConnectedMesh(IReadOnlyList<NativeMeshNode> nodes)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet();
        var seen = new HashSet<Core.Identity.NodeId> { nodes[0].Id };
        var queue = new Queue<NativeMeshNode>([nodes[0]]);
        while (queue.Count > 0)
        {
            foreach (var peer in queue.Dequeue().Node.Connections.Where(ids.Contains))
            {
                if (seen.Add(peer))
                {
                    queue.Enqueue(nodes.First(n => n.Id == peer));
                }
            }
        }

        return seen.Count == nodes.Count;
    }
}
