namespace Fledger.Bench.Gossip;

/// <summary>The figures of one multi-process gossip run.</summary>
internal sealed record GossipResult(
    int Nodes,
    int Processes,
    int NodesPerProcess,
    double StartSeconds,
    double OverlaySeconds,
    IReadOnlyList<int> Degrees,
    IReadOnlyList<double> LatenciesMs,
    int EventsPosted,
    IReadOnlyList<long> ProcessRssKiB,
    long ServerRssKiB,
    double NodeCpuSecondsDuringEvents,
    double EventsSeconds,
    int CleanExits)
{
    public double MedianMs => Stats.Percentile(LatenciesMs, 0.5);

    public double P99Ms => Stats.Percentile(LatenciesMs, 0.99);

    public double MaxMs => LatenciesMs.Count == 0 ? double.NaN : LatenciesMs.Max();

    /// <summary>Sum of the node processes' RSS divided by the nodes, MiB.</summary>
    public double RssPerNodeMiB => ProcessRssKiB.Sum() / 1024.0 / Nodes;
}
