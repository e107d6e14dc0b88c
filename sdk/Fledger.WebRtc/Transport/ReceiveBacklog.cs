namespace Fledger.WebRtc.Transport;

/// <summary>
/// Whether the datagram being delivered on this thread was already waiting in the socket when the receive loop asked
/// for it (the receive completed at once): the loop is behind the sender. Set by the ICE receive loop around each
/// delivery; read by the SCTP association, which then queues the packet for its own loop (a second core decrypts the
/// next datagrams meanwhile) instead of processing it on the receive thread.
/// </summary>
internal static class ReceiveBacklog
{
    [ThreadStatic]
    private static bool t_behind;

    /// <summary>True while the current thread delivers a datagram that found more of its kind already queued.</summary>
    public static bool IsBehind => t_behind;

    /// <summary>Marks (or clears) the current thread's delivery as behind the sender.</summary>
    public static void Set(bool behind) => t_behind = behind;
}
