namespace Fledger.Bench.Parsing;

/// <summary>One BenchmarkDotNet case: its title, mean time per operation (ns) and bytes allocated per operation.</summary>
internal sealed record BrokerCase(string Title, double MeanNs, double? AllocatedBytes)
{
    /// <summary>Operations (messages) per second.</summary>
    public double PerSecond => MeanNs > 0 ? 1e9 / MeanNs : 0;
}
