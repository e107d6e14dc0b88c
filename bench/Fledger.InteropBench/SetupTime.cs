namespace Fledger.InteropBench;

/// <summary>One measured setup: the whole time, and the part of it the signaling relay spent in transit.</summary>
/// <param name="Total">From just before the offerer creates its peer until the channel is open on both sides.</param>
/// <param name="Signaling">Description relay transit inside <paramref name="Total"/> (Playwright round trip minus the page's own work).</param>
internal sealed record SetupTime(TimeSpan Total, TimeSpan Signaling)
{
    /// <summary>The setup without the relay's transit: comparable with the in-page Chromium pair, which has none.</summary>
    public TimeSpan WithoutSignaling => Total - Signaling;

    /// <summary>Median ms of the totals, of the signaling transits and of the per-setup differences.</summary>
    public static (double Total, double Signaling, double WithoutSignaling) Medians(IReadOnlyCollection<SetupTime> setups) =>
        (Median(setups.Select(s => s.Total)), Median(setups.Select(s => s.Signaling)), Median(setups.Select(s => s.WithoutSignaling)));

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
