namespace Fledger.SignalLoad;

/// <summary>Everything one run measured (written by <c>--json</c>).</summary>
public sealed record BenchReport(
    string Machine,
    DateTimeOffset Started,
    double LoadAverageAtStart,
    ConnectionResult? Connections,
    int LatencyNodes,
    IReadOnlyList<RateResult> Rates,
    int? LastRateP99Under50Ms,
    int? FirstRateP99Over50Ms,
    double Seconds);
