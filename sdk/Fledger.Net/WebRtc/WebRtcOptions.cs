namespace Fledger.Net.WebRtc;

/// <summary>Limits and timeouts of the <see cref="WebRtcHandler"/>.</summary>
public sealed record WebRtcOptions
{
    /// <summary>How long a connection may take to open (offer to data channel open). Default 20 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one platform call (create offer, accept answer...) may take. Default 10 s.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most peer connections at once; further ones are refused with an error. Default 256.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>The most messages queued per connection (before it opens, or waiting for back-pressure). Default 4096.</summary>
    public int MaxQueuedMessages { get; init; } = 4096;

    /// <summary>The most bytes queued per connection. Default 16 MiB.</summary>
    public long MaxQueuedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most remote candidates kept while the remote description is not set. Default 64.</summary>
    public int MaxPendingCandidates { get; init; } = 64;

    /// <summary>The longest SDP accepted from a peer, in characters. Default 64 Ki.</summary>
    public int MaxSdpLength { get; init; } = 64 * 1024;

    /// <summary>The longest candidate line accepted from a peer, in characters. Default 1024.</summary>
    public int MaxCandidateLength { get; init; } = 1024;

    /// <summary>The default options.</summary>
    public static WebRtcOptions Default { get; } = new();

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OperationTimeout, TimeSpan.Zero, nameof(OperationTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedMessages, 1, nameof(MaxQueuedMessages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedBytes, 1, nameof(MaxQueuedBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingCandidates, 0, nameof(MaxPendingCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSdpLength, 1, nameof(MaxSdpLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidateLength, 1, nameof(MaxCandidateLength));
    }
}
