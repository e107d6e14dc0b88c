using System.Globalization;
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

    private static double Number(string text) => double.Parse(text.Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?<rate>\d+) relays/s: sent (?<sent>\d+), received (?<received>\d+) \((?<delivered>[0-9.]+)\s*%\), p50 (?<p50>[0-9.]+) ms, p99 (?<p99>[0-9.]+) ms, p99\.9 (?<p999>[0-9.]+) ms.*?(server (?<server>[0-9.]+)\s*%)?\s*$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"latency: (\d+) nodes announced")]
    private static partial Regex NodesPattern();
}
