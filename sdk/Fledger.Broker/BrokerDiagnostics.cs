namespace Fledger.Broker;

/// <summary>Process-wide broker counters, for leak checks in soak tests and metrics.</summary>
public static class BrokerDiagnostics
{
    private static long s_liveSubscriptions;

    /// <summary>Subscriptions (handlers, callbacks, taps, links, error callbacks) alive in all brokers of the process.</summary>
    public static long LiveSubscriptions => Interlocked.Read(ref s_liveSubscriptions);

    internal static void SubscriptionAdded() => Interlocked.Increment(ref s_liveSubscriptions);

    internal static void SubscriptionRemoved() => Interlocked.Decrement(ref s_liveSubscriptions);
}
