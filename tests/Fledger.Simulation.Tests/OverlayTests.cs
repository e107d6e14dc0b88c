using Fledger.Simulation;
using Xunit.Abstractions;

namespace Fledger.Simulation.Tests;

public sealed class OverlayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Overlay_200Nodes_FormOneConnectedOverlay()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 7 });
        await network.AddNodesAsync(200);

        var took = await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60));
        output.WriteLine($"connected after {took}");
        await network.RunForAsync(TimeSpan.FromSeconds(15));
        var degrees = network.AliveNodes.Select(n => network.ConnectionsOf(n.Id).Count).ToArray();
        output.WriteLine($"degree min {degrees.Min()} avg {degrees.Average()} max {degrees.Max()} msgs {network.MessagesSent} ping {network.MessagesSentFor("ping")} gossip {network.MessagesSentFor("gossip")} target {network.Nodes[0].Node.Overlay}");

        Assert.NotNull(took);
        Assert.Equal(1, network.CountComponents());
        Assert.All(degrees, d => Assert.InRange(d, 2, 16));
    }
}
