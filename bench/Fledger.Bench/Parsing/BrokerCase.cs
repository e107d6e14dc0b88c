namespace Fledger.Bench.Parsing;

/// <summary>One BenchmarkDotNet case: its title, mean time per operation (ns), bytes allocated per operation and job name.</summary>
internal sealed record BrokerCase(string Title, double MeanNs, double? AllocatedBytes, string Job = "")
{
    /// <summary>Operations (messages) per second.</summary>
    public double PerSecond => MeanNs > 0 ? 1e9 / MeanNs : 0;
}
