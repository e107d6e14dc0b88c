using Fledger.Simulation;

namespace Fledger.Simulation.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task RestartAsync_SameStore_KeepsIdNameAndEvents()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 13 });
        await network.AddNodesAsync(10);
        var node = network.Nodes[3];
        Assert.NotNull(await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60)));
        var posted = await node.Node.PostChatAsync("before restart");
        Assert.NotNull(posted);
        var id = node.Id;
        var name = node.Node.Info.Name;

        await network.StopAsync(id);
        await network.RunForAsync(TimeSpan.FromSeconds(5));
        var restarted = await network.RestartAsync(id);

        Assert.Equal(id, restarted.Id);
        Assert.Equal(name, restarted.Node.Info.Name);
        Assert.Contains(restarted.Node.ChatEvents, e => e.Id == posted.Id);
        Assert.NotNull(await network.RunUntilAsync(() => network.ConnectionsOf(id).Count >= 2, TimeSpan.FromSeconds(30)));
    }
}
