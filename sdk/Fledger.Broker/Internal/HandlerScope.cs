namespace Fledger.Broker.Internal;

/// <summary>The broker whose handler is in the synchronous part of its call on this thread, if any.</summary>
internal static class HandlerScope
{
    [ThreadStatic]
    private static object? t_current;

    public static object? Current
    {
        get => t_current;
        set => t_current = value;
    }
}
