namespace Fledger.Modules.Gossip;

/// <summary>Options of the gossip module.</summary>
public sealed record GossipOptions
{
    /// <summary>Chat events kept (the oldest by creation time is evicted). Default 1,000.</summary>
    public int MaxChatEvents { get; init; } = 1000;

    /// <summary>Node-info events kept. Default 1,000.</summary>
    public int MaxNodeInfoEvents { get; init; } = 1000;

    /// <summary>Maximum content of a chat event in bytes (at most <see cref="GossipEvent.MaxContentBytes"/>). Default 2,048.</summary>
    public int MaxChatBytes { get; init; } = 2048;

    /// <summary>How often a digest is sent to one random peer (anti-entropy). Default 10 s.</summary>
    public TimeSpan AntiEntropyInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A requested event that did not arrive within this time may be requested from another peer. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Events created further than this in the future are dropped. Default 10 min.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the state is emitted even when unchanged. Default 10 s.</summary>
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether events are saved to and loaded from the store. Default true.</summary>
    public bool Persist { get; init; } = true;

    /// <summary>The limit of <paramref name="category"/>.</summary>
    public int LimitOf(GossipCategory category) => category == GossipCategory.Chat ? MaxChatEvents : MaxNodeInfoEvents;

    /// <summary>Returns the problems with these options (empty when valid).</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxChatEvents < 1 || MaxNodeInfoEvents < 1 || MaxChatEvents > 100_000 || MaxNodeInfoEvents > 100_000)
        {
            yield return "Gossip: event limits must be between 1 and 100,000.";
        }

        if (MaxChatBytes < 1 || MaxChatBytes > GossipEvent.MaxContentBytes)
        {
            yield return $"Gossip.MaxChatBytes must be between 1 and {GossipEvent.MaxContentBytes}.";
        }

        if (AntiEntropyInterval <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || StateInterval <= TimeSpan.Zero || MaxClockSkew < TimeSpan.Zero)
        {
            yield return "Gossip: intervals must be positive.";
        }
    }
}
