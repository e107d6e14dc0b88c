using System.Globalization;
using System.Text.RegularExpressions;

namespace Fledger.Bench.Parsing;

/// <summary>
/// The figures of <c>Fledger.Benchmarks webrtc</c> for managed ↔ managed on
/// 127.0.0.1, parsed from their output lines; tolerant of extra lines and of text after the figures.
/// </summary>
internal sealed partial record WebRtcFigures(double? FirstSetupMs, double? SetupMedianMs, double? SetupMinMs, double? SetupMaxMs, IReadOnlyDictionary<int, double> MiBPerSecondByKiB)
{
    /// <summary>Parses the program's output (one run or several concatenated); null when no figure is found.</summary>
    public static WebRtcFigures? Parse(string output)
    {
        double? first = null, median = null, min = null, max = null;
        var rates = new SortedDictionary<int, double>();
        foreach (var line in output.Split('\n'))
        {
            if (FirstPattern().Match(line) is { Success: true } f)
            {
                first = Number(f.Groups[1].Value);
            }
            else if (MedianPattern().Match(line) is { Success: true } m)
            {
                median = Number(m.Groups[1].Value);
                min = Number(m.Groups[2].Value);
                max = Number(m.Groups[3].Value);
            }
            else if (ThroughputPattern().Match(line) is { Success: true } t)
            {
                rates[int.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture)] = Number(t.Groups[2].Value);
            }
        }

        return first is null && median is null && rates.Count == 0 ? null : new WebRtcFigures(first, median, min, max, rates);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^setup \(first connection[^)]*\):\s*([0-9.]+) ms")]
    private static partial Regex FirstPattern();

    [GeneratedRegex(@"^(?:warm )?setup median of \d+:\s*([0-9.]+) ms \(min ([0-9.]+), max ([0-9.]+)\)")]
    private static partial Regex MedianPattern();

    [GeneratedRegex(@"^throughput (\d+) KiB messages:.*=\s*([0-9.]+) MiB/s")]
    private static partial Regex ThroughputPattern();
}
