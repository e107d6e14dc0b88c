using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fledger.Bench.Parsing;

/// <summary>One offered relay rate of <c>Fledger.SignalLoad --mode latency</c>, parsed from its output line.</summary>
internal sealed partial record RelayRate(int Rate, long Sent, long Received, double DeliveredPercent, double P50Ms, double P99Ms, double P999Ms, double ServerCpuPercent)
{
    /// <summary>The rate lines of <paramref name="output"/>.</summary>
    public static IReadOnlyList<RelayRate> ParseAll(string output)
    {
        var rates = new List<RelayRate>();
        foreach (var line in output.Split('\n'))
        {
            var m = LinePattern().Match(line);
            if (m.Success)
            {
                rates.Add(new RelayRate(
                    int.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups["sent"].Value, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups["received"].Value, CultureInfo.InvariantCulture),
                    Number(m.Groups["delivered"].Value),
                    Number(m.Groups["p50"].Value),
                    Number(m.Groups["p99"].Value),
                    Number(m.Groups["p999"].Value),
                    m.Groups["server"].Success ? Number(m.Groups["server"].Value) : double.NaN));
            }
        }

        return rates;
    }

    /// <summary>The number of connected nodes from the <c>latency: N nodes announced</c> line, or null.</summary>
    public static int? ParseNodes(string output)
    {
        var m = NodesPattern().Match(output);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Reads the <c>--json</c> report of SignalLoad builds that write one (<c>LatencyNodes</c>, <c>Rates[]</c> with
    /// <c>Delivered</c> and <c>ServerCpu</c> as fractions); an empty list when it has no rates.
    /// </summary>
    public static IReadOnlyList<RelayRate> ParseReport(string json, out int? nodes)
    {
        nodes = null;
        var rates = new List<RelayRate>();
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return rates;
            }

            if (root.TryGetProperty("LatencyNodes", out var n) && n.ValueKind == JsonValueKind.Number)
            {
                nodes = n.GetInt32();
            }

            if (!root.TryGetProperty("Rates", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return rates;
            }

            foreach (var r in list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                double D(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
                if (double.IsNaN(D("Rate")) || double.IsNaN(D("Sent")) || double.IsNaN(D("Received")))
                {
                    continue;
                }

                rates.Add(new RelayRate((int)D("Rate"), (long)D("Sent"), (long)D("Received"), D("Delivered") * 100, D("P50Ms"), D("P99Ms"), D("P999Ms"), D("ServerCpu") * 100));
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            rates.Clear();
        }

        return rates;
    }

    private static double Number(string text) => double.Parse(text.Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<rate>\d+) relays/s: sent (?<sent>\d+), received (?<received>\d+) \((?<delivered>[0-9.]+)\s*%\), p50 (?<p50>[0-9.]+) ms, p99 (?<p99>[0-9.]+) ms, p99\.9 (?<p999>[0-9.]+) ms.*?(server (?<server>[0-9.]+)\s*%)?\s*$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"latency: (\d+) nodes announced")]
    private static partial Regex NodesPattern();
}
