namespace Fledger.Net.Testing;

/// <summary>How an <see cref="InMemoryWebRtcNetwork"/> behaves.</summary>
public sealed record InMemoryNetworkOptions
{
    /// <summary>One-way delay of every data-channel message and of connection establishment. Default zero.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Probability that a data-channel message is lost. Real data channels are reliable; use this to test what the
    /// layers above do with a broken channel. Default 0.
    /// </summary>
    public double DropProbability { get; init; }

    /// <summary>Seed of the random source used for drops.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The largest message a peer accepts (its max-message-size). Default 256 KiB.</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Bytes in flight towards one peer above which <c>SendAsync</c> waits (back-pressure). Default 1 MiB.</summary>
    public long HighWaterMark { get; init; } = 1024 * 1024;

    /// <summary>The default options.</summary>
    public static InMemoryNetworkOptions Default { get; } = new();
}
