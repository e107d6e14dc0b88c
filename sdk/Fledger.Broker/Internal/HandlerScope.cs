namespace Fledger.Broker.Internal;

/// <summary>The id of the broker whose handler is in the synchronous part of its call on this thread, or 0.</summary>
/// <remarks>
/// An id, not the broker: a thread-static reference is a write barrier on every store. The slot is handed out by
/// reference so that a handler call reads and writes it after a single thread-static lookup (on Linux a call to
/// <c>__tls_get_addr</c> each).
/// </remarks>
internal static class HandlerScope
{
    [ThreadStatic]
    private static int t_current;

    public static ref int Current => ref t_current;
}
