using Fledger.Simulation;

namespace Fledger.Simulation.Tests;

public sealed class PartitionTests
{
    [Fact]
    public async Task PostChat_DuringPartition_ReachesOnlyTheAuthorsSide()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 21 });
        await network.AddNodesAsync(40);
        Assert.NotNull(await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60)));
        var side = network.Nodes.Take(20).Select(n => n.Id).ToHashSet();
        network.Partition(side);

        var posted = await network.Nodes[0].Node.PostChatAsync("inside");
        Assert.NotNull(posted);
        await network.RunForAsync(TimeSpan.FromSeconds(30));

        Assert.All(network.Nodes, n => Assert.Equal(side.Contains(n.Id), n.Node.HasChatEvent(posted.Id)));
        Assert.DoesNotContain(network.Nodes, n => network.ConnectionsOf(n.Id).Any(p => side.Contains(p) != side.Contains(n.Id)));
    }
}
