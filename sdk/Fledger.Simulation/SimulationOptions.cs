using Microsoft.Extensions.Logging;

namespace Fledger.Simulation;

/// <summary>Options of a <see cref="SimulatedNetwork"/>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Seed of every random choice (latencies, drops, node lists, node identities and modules). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Smallest one-way latency of a message. Default 10 ms.</summary>
    public TimeSpan MinLatency { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Largest one-way latency of a message. Default 50 ms.</summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Probability that a sent message is lost. Default 0.</summary>
    public double DropRate { get; init; }

    /// <summary>How many nodes a node-list request returns at most (a random sample, like the signaling server). Default 32.</summary>
    public int NodeListSize { get; init; } = 32;

    /// <summary>A connection to a dead or partitioned node fails after this long. Default 3 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The clock advances at most this much between two settles, so ticks are handled on time. Default 100 ms.</summary>
    public TimeSpan MaxStep { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The simulated clock's start. Default 2026-01-01 UTC.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Logger factory of the nodes; null for none (fastest).</summary>
    public ILoggerFactory? Loggers { get; init; }
}
