using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Result of one offered relay rate.</summary>
public sealed record RateResult(
    int Rate,
    long Sent,
    long Received,
    double Delivered,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    long SendFailures,
    long ServerErrors,
    double ClientCpu,
    double ServerCpu)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"  {Rate,6} relays/s: sent {Sent}, received {Received} ({Delivered:P1}), p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, p99.9 {P999Ms:F2} ms, send failures {SendFailures}, server errors {ServerErrors}, CPU client {ClientCpu:P0} server {ServerCpu:P0}");
}
