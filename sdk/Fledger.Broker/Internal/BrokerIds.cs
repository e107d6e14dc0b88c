namespace Fledger.Broker.Internal;

internal static class BrokerIds
{
    private static int s_next;

    public static int Next() => Interlocked.Increment(ref s_next);
}
