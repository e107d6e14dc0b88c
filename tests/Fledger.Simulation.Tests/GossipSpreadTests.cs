using Fledger.Modules;
using Fledger.Simulation;
using Xunit.Abstractions;

namespace Fledger.Simulation.Tests;

public sealed class GossipSpreadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PostChat_200Nodes_ReachesEveryNode()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 11 });
        await network.AddNodesAsync(200);
        Assert.NotNull(await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60)));
        await network.RunForAsync(TimeSpan.FromSeconds(10));
        var before = network.MessagesSentFor(ModuleNames.Gossip);

        var posted = await network.Nodes[0].Node.PostChatAsync("hello, overlay");
        Assert.NotNull(posted);
        var took = await network.RunUntilAsync(() => network.AliveNodes.All(n => n.Node.HasChatEvent(posted.Id)), TimeSpan.FromSeconds(30));

        var degrees = network.AliveNodes.Select(n => network.ConnectionsOf(n.Id).Count).ToArray();
        var perNode = (network.MessagesSentFor(ModuleNames.Gossip) - before) / 200.0;
        output.WriteLine($"reached all after {took}; gossip messages per node {perNode}; degree avg {degrees.Average()}");
        Assert.NotNull(took);
        Assert.All(network.AliveNodes, n => Assert.Equal("hello, overlay", n.Node.ChatEvents.Single(e => e.Id == posted.Id).Text));
        Assert.True(perNode <= 2 * degrees.Average(), $"{perNode} gossip messages per node");
    }

    [Fact]
    public async Task PostChat_FivePercentLoss_StillReachesEveryNode()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 17, DropRate = 0.05 });
        await network.AddNodesAsync(100);
        Assert.NotNull(await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60)));

        var posted = await network.Nodes[5].Node.PostChatAsync("lossy");
        Assert.NotNull(posted);
        var took = await network.RunUntilAsync(() => network.AliveNodes.All(n => n.Node.HasChatEvent(posted.Id)), TimeSpan.FromSeconds(60));

        output.WriteLine($"reached all after {took} with 5 % loss");
        Assert.NotNull(took);
    }
}
