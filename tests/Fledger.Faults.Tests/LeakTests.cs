using Fledger.Faults.Tests.Infrastructure;
using Fledger.Modules.Gossip;
using Xunit.Abstractions;

namespace Fledger.Faults.Tests;

/// <summary>
/// The short soak (the long one is <c>Fledger.MeshBench --soak</c>): native nodes gossip for a while, then every node
/// is disposed and every resource counter must return to where it was before they started.
/// </summary>
public sealed class LeakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_TenNodesGossipingThenDisposed_ReleaseEverySocketConnectionLoopAndSubscription()
    {
        // Connections of an earlier test in this process may still be closing: start from a quiet process if possible.
        var (baseline, _) = await ResourceCounters.WaitAsync(c => c.Sockets == 0 && c.PeerConnections == 0 && c.Loops == 0, TimeSpan.FromSeconds(10));
        var server = await SignalServerHost.StartAsync();
        var mesh = new Mesh();
        ResourceCounters peak;
        var posted = 0;
        try
        {
            await mesh.AddNativeAsync(server.HubUri, 10, seed: 600);
            await mesh.WaitUntilAsync(
                () => mesh.Nodes.All(n => n.Node.Connections.Count >= 2) && mesh.IsOneOverlay(),
                TimeSpan.FromSeconds(60),
                "10 nodes with degree >= 2 in one overlay");

            // 15 s of gossip: one chat every 250 ms from the nodes in turn.
            var ids = new List<GossipEventId>();
            using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(250)))
            {
                for (; posted < 60; posted++)
                {
                    ids.Add(await Mesh.PostAsync(mesh.Nodes[posted % mesh.Nodes.Count], $"soak {posted}"));
                    await pace.WaitForNextTickAsync();
                }
            }

            await mesh.WaitUntilAsync(() => ids.All(mesh.AllHave), TimeSpan.FromSeconds(30), "every soak chat on every node");
            peak = ResourceCounters.Read();
            Assert.True(peak.Sockets > baseline.Sockets && peak.PeerConnections > baseline.PeerConnections
                && peak.SctpAssociations > baseline.SctpAssociations && peak.Loops > baseline.Loops
                && peak.Subscriptions > baseline.Subscriptions, $"the counters did not count the running mesh: {peak}");
        }
        finally
        {
            await mesh.DisposeAsync();
            await server.DisposeAsync();
        }

        var (after, released) = await ResourceCounters.WaitAsync(c => c.AtMost(baseline), TimeSpan.FromSeconds(20));
        output.WriteLine($"{posted} chats; baseline {baseline}; running {peak}; after dispose {after}");
        Assert.True(released, $"resources leaked: baseline {baseline}, after dispose {after}");
    }
}
