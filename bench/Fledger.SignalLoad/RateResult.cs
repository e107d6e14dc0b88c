using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Result of one offered relay rate. CPU is in cores (1.0 = one core busy); per relay in microseconds.</summary>
public sealed record RateResult(
    int Rate,
    long Sent,
    long Received,
    double Delivered,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long SendFailures,
    long ServerErrors,
    double ClientCpu,
    double ServerCpu,
    double ServerCpuMicrosPerRelay,
    double ServerBytesPerRelay,
    double LoadAverage,
    double PacingLagMs)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"  {Rate,6} relays/s: received {Received}/{Sent} ({Delivered:P1}), p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, p99.9 {P999Ms:F2} ms, max {MaxMs:F1} ms, errors {SendFailures}+{ServerErrors}, CPU client {ClientCpu:P0} server {ServerCpu:P0} ({ServerCpuMicrosPerRelay:F1} us/relay), server allocates {ServerBytesPerRelay:F0} B/relay, load {LoadAverage:F1}, pacing lag {PacingLagMs:F2} ms");
}
