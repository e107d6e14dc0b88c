using System.Globalization;

namespace Fledger.Bench.Parsing;

/// <summary>
/// One row of the interop table: pair, mDNS mode, setup median (ms), MB/s with 16 KiB and 64 KiB messages, and — in
/// the table with the signaling-transit columns — the median setup without the signaling relay's share (ms).
/// </summary>
internal sealed record InteropRow(string Pair, string Mdns, double SetupMs, double MBps16, double MBps64, double? SetupWithoutTransitMs = null)
{
    /// <summary>Reads the rows of the markdown table <c>Fledger.InteropBench</c> prints (header and separator skipped).</summary>
    public static IReadOnlyList<InteropRow> ParseTable(string output)
    {
        var rows = new List<InteropRow>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|') || !line.EndsWith('|'))
            {
                continue;
            }

            // Five cells (pair, mDNS, setup, 16 KiB, 64 KiB) or seven (… setup, signaling transit, setup without it, …);
            // rows without throughput ("-", the two-page relay row) are not data rows here.
            var cells = line[1..^1].Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length is not (5 or 7) || !TryNumber(cells[2], out var setup)
                || !TryNumber(cells[^2], out var mb16) || !TryNumber(cells[^1], out var mb64))
            {
                continue;
            }

            double? withoutTransit = cells.Length == 7 && TryNumber(cells[4], out var without) ? without : null;
            rows.Add(new InteropRow(cells[0], cells[1], setup, mb16, mb64, withoutTransit));
        }

        return rows;
    }

    /// <summary>The number a cell starts with ("12.3" or "12.3 (0.45 s)" with the managed peer's CPU after it).</summary>
    private static bool TryNumber(string text, out double value)
    {
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        return double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
