namespace Fledger.Modules.Stat;

/// <summary>Options of the stat module.</summary>
public sealed record StatOptions
{
    /// <summary>How often the network's connection stats are requested. Default 5 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns the problems with these options (empty when valid).</summary>
    public IEnumerable<string> Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            yield return "Stat.Interval must be positive.";
        }
    }
}
