using Fledger.Broker;
using Fledger.WebRtc.Diagnostics;

namespace Fledger.Faults.Tests.Infrastructure;

/// <summary>A snapshot of the process-wide resource counters of the managed WebRTC stack and the brokers.</summary>
public sealed record ResourceCounters(long Sockets, long PeerConnections, long SctpAssociations, long Loops, long Subscriptions)
{
    /// <summary>Reads the counters now.</summary>
    public static ResourceCounters Read() => new(
        WebRtcDiagnostics.OpenSockets,
        WebRtcDiagnostics.LivePeerConnections,
        WebRtcDiagnostics.LiveSctpAssociations,
        WebRtcDiagnostics.RunningLoops,
        BrokerDiagnostics.LiveSubscriptions);

    /// <summary>Whether every counter is at most the one of <paramref name="baseline"/>.</summary>
    public bool AtMost(ResourceCounters baseline)
        => Sockets <= baseline.Sockets && PeerConnections <= baseline.PeerConnections && SctpAssociations <= baseline.SctpAssociations
            && Loops <= baseline.Loops && Subscriptions <= baseline.Subscriptions;

    /// <summary>Waits until <paramref name="condition"/> holds for the counters (re-read every 100 ms), or the deadline passes.</summary>
    /// <returns>The last counters read and whether the condition held.</returns>
    public static async Task<(ResourceCounters Counters, bool Held)> WaitAsync(Func<ResourceCounters, bool> condition, TimeSpan deadline)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var end = DateTime.UtcNow + deadline;
        var counters = Read();
        while (!condition(counters) && DateTime.UtcNow < end)
        {
            await timer.WaitForNextTickAsync();
            counters = Read();
        }

        return (counters, condition(counters));
    }
}
