namespace Fledger.Net.Signaling;

/// <summary>Exponential reconnect backoff with "equal jitter" (half fixed, half random).</summary>
public static class ReconnectBackoff
{
    /// <summary>Delay before reconnect attempt <paramref name="attempt"/> (0-based).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (random.NextDouble() * capped / 2));
    }
}
