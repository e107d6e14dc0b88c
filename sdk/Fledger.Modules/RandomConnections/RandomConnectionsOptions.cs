namespace Fledger.Modules.RandomConnections;

/// <summary>Options of the random-connections module. See docs/modules.md for the degree formula.</summary>
public sealed record RandomConnectionsOptions
{
    private static readonly TimeSpan DefaultFirstRetryBackoff = TimeSpan.FromSeconds(5);
    private readonly TimeSpan? _firstRetryBackoff;

    /// <summary>The smallest target degree. Default 2.</summary>
    public int MinDegree { get; init; } = 2;

    /// <summary>The largest target degree (browsers can hold few connections). Default 8.</summary>
    public int MaxTargetDegree { get; init; } = 8;

    /// <summary>
    /// Connections beyond <c>target × ExcessFactor</c> (inbound ones included) are closed at random. Default 2.
    /// </summary>
    public int ExcessFactor { get; init; } = 2;

    /// <summary>
    /// At most this many connections are requested per tick, so inbound connections from other nodes count before
    /// more are dialled (keeps the average degree near the target). Default 2.
    /// </summary>
    public int MaxDialsPerTick { get; init; } = 2;

    /// <summary>How often the node list is refreshed. Default 30 s.</summary>
    public TimeSpan NodeListInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often one random peer is dropped (slow churn) when the degree is reached. Default 3 min; zero disables.</summary>
    public TimeSpan ChurnInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A requested connection that did not open within this time is given up. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest back-off (the cap): a peer that keeps failing waits at most this long before it is dialled again, and
    /// a peer dropped by churn waits exactly this long. Default 60 s.
    /// </summary>
    /// <remarks>See <see cref="FirstRetryBackoff"/> for the escalation rule.</remarks>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The back-off after the first failure to a peer (a dial that timed out or failed, or a connected peer that closed or
    /// failed). Each further consecutive failure doubles it up to <see cref="RetryBackoff"/>:
    /// <c>min(RetryBackoff, FirstRetryBackoff × 2^(failures − 1))</c>, less a random 0–20 % jitter; a successful
    /// connection resets the count. Default <c>min(5 s, RetryBackoff)</c>; must be between zero and
    /// <see cref="RetryBackoff"/>.
    /// </summary>
    public TimeSpan FirstRetryBackoff
    {
        get => _firstRetryBackoff ?? (RetryBackoff < DefaultFirstRetryBackoff ? RetryBackoff : DefaultFirstRetryBackoff);
        init => _firstRetryBackoff = value;
    }

    /// <summary>Known nodes not seen in a node list for this long are forgotten. Default 10 min.</summary>
    public TimeSpan KnownNodeExpiry { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many known nodes are kept (the least recently seen is dropped). Default 1,024.</summary>
    public int MaxKnownNodes { get; init; } = 1024;

    /// <summary>How often the state is emitted even when unchanged. Default 10 s.</summary>
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The target degree for <paramref name="knownNodes"/> other known nodes:
    /// <c>clamp(ceil(log2(knownNodes + 1)) + 1, MinDegree, MaxTargetDegree)</c>, and never more than <paramref name="knownNodes"/>.
    /// </summary>
    public int TargetDegree(int knownNodes)
    {
        if (knownNodes <= 0)
        {
            return 0;
        }

        var log = (int)Math.Ceiling(Math.Log2(knownNodes + 1.0));
        return Math.Min(knownNodes, Math.Clamp(log + 1, MinDegree, MaxTargetDegree));
    }

    /// <summary>Returns the problems with these options (empty when valid).</summary>
    public IEnumerable<string> Validate()
    {
        if (MinDegree < 1 || MaxTargetDegree < MinDegree || MaxTargetDegree > 64)
        {
            yield return "RandomConnections: need 1 <= MinDegree <= MaxTargetDegree <= 64.";
        }

        if (ExcessFactor < 1)
        {
            yield return "RandomConnections.ExcessFactor must be at least 1.";
        }

        if (NodeListInterval <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || StateInterval <= TimeSpan.Zero
            || RetryBackoff < TimeSpan.Zero || ChurnInterval < TimeSpan.Zero || KnownNodeExpiry <= TimeSpan.Zero)
        {
            yield return "RandomConnections: intervals must be positive (ChurnInterval and RetryBackoff may be zero).";
        }

        if (FirstRetryBackoff < TimeSpan.Zero || FirstRetryBackoff > RetryBackoff)
        {
            yield return "RandomConnections: need 0 <= FirstRetryBackoff <= RetryBackoff.";
        }

        if (MaxDialsPerTick < 1)
        {
            yield return "RandomConnections.MaxDialsPerTick must be positive.";
        }

        if (MaxKnownNodes < 1)
        {
            yield return "RandomConnections.MaxKnownNodes must be positive.";
        }
    }
}
