using Fledger.Bench.Gossip;

namespace Fledger.Bench.Tests;

/// <summary>The multi-process gossip part for real, small: a signal server process and fledger node processes on 127.0.0.1.</summary>
public sealed class GossipSmokeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task GossipBench_ThreeProcessesTwoEvents_EveryEventReachesAllAndEveryProcessExitsCleanly()
    {
        var result = await RunAsync(nodes: 3, perProcess: 1, events: 2);

        Assert.Equal(3, result.Processes);
        Assert.Equal(2, result.LatenciesMs.Count);
        Assert.All(result.LatenciesMs, l => Assert.InRange(l, 0, 30_000));
        Assert.All(result.ProcessRssKiB, rss => Assert.InRange(rss, 10 * 1024, 2 * 1024 * 1024));
        Assert.InRange(result.ServerRssKiB, 10 * 1024, 2 * 1024 * 1024);
        Assert.All(result.Degrees, d => Assert.InRange(d, 1, 2));
        Assert.Equal(3, result.CleanExits);
    }

    [Fact]
    public async Task GossipBench_TwoNodesPerProcess_CountsNodesNotProcesses()
    {
        var result = await RunAsync(nodes: 3, perProcess: 2, events: 1);

        Assert.Equal(2, result.Processes);
        Assert.Equal(3, result.Degrees.Count);
        Assert.Single(result.LatenciesMs);
        Assert.Equal(2, result.CleanExits);
    }

    private static async Task<GossipResult> RunAsync(int nodes, int perProcess, int events)
    {
        var bench = new GossipBench(
            Path.Combine(AppContext.BaseDirectory, "fledger.dll"),
            Path.Combine(AppContext.BaseDirectory, "Fledger.SignalServer.dll"),
            TextWriter.Null);
        using var limit = new CancellationTokenSource(Limit);
        return await bench.RunAsync(nodes, perProcess, events, limit.Token).WaitAsync(Limit);
    }
}
