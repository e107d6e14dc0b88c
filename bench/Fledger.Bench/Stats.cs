namespace Fledger.Bench;

/// <summary>Order statistics of a sample.</summary>
internal static class Stats
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1] of <paramref name="values"/>; NaN when empty.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
