namespace Fledger.WebRtc.Transport;

/// <summary>Impairments and limits of a <see cref="SimulatedLink"/>. Rates are probabilities per datagram.</summary>
public sealed record SimulatedLinkOptions
{
    /// <summary>Probability that a datagram is dropped (0..1). Default 0.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability that a datagram is held back by <see cref="ReorderDelay"/> so later ones overtake it.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Extra delay of a reordered datagram. Default 3 ms.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(3);

    /// <summary>Probability that a datagram is delivered twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>One-way delay added to every datagram. Default zero (delivered as soon as the receive loop runs).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Largest datagram accepted; larger ones are dropped. Default 1200.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Datagrams queued per direction before further ones are dropped (a router queue). Default 8192.</summary>
    public int QueueCapacity { get; init; } = 8192;

    /// <summary>Seed of the impairment randomness; <c>null</c> picks a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Clock for delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
