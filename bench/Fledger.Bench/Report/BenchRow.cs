namespace Fledger.Bench.Report;

/// <summary>One line of the results table: what was measured and the value as shown (units included).</summary>
internal sealed record BenchRow(string Measure, string Value);
