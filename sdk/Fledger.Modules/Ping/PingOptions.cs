namespace Fledger.Modules.Ping;

/// <summary>Options of the ping module.</summary>
public sealed record PingOptions
{
    /// <summary>How often each connected peer is pinged. Default 5 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A peer not heard from for this long is reported failed. Default 15 s (three missed pings).</summary>
    public TimeSpan FailAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Returns the problems with these options (empty when valid).</summary>
    public IEnumerable<string> Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return "Ping.Interval must be positive.";
        }

        if (FailAfter <= Interval)
        {
            yield return "Ping.FailAfter must be longer than Ping.Interval.";
        }
    }
}
