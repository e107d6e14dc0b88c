namespace Fledger.Net.Framing;

/// <summary>Limits of a <see cref="FrameAssembler"/>.</summary>
public sealed record FrameAssemblerOptions
{
    /// <summary>The largest message body (module header and payload) accepted. Default 4 MiB.</summary>
    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>How many chunked messages may be reassembled at once. Default 4.</summary>
    public int MaxPartialMessages { get; init; } = 4;

    /// <summary>How long a chunked message may take to arrive completely before it is dropped. Default 30 s.</summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The default limits.</summary>
    public static FrameAssemblerOptions Default { get; } = new();

    /// <summary>Throws when a limit is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 2, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPartialMessages, 1, nameof(MaxPartialMessages));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReassemblyTimeout, TimeSpan.Zero, nameof(ReassemblyTimeout));
    }
}
